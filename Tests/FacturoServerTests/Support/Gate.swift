/// Open by default; while closed, `pass()` waits until `open()` or until
/// the waiting task is cancelled.
actor Gate {
    private var isOpen = true
    private var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextID: UInt64 = 0

    func close() { isOpen = false }

    func open() {
        isOpen = true
        for continuation in waiting.values { continuation.resume() }
        waiting.removeAll()
    }

    /// Returns at once when open; otherwise calls `onWait` and waits.
    func pass(onWait: @Sendable () -> Void) async {
        if isOpen { return }
        let id = nextID
        nextID += 1
        onWait()
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiting[id] = $0 }
        } onCancel: {
            Task { await self.release(id) }
        }
    }

    private func release(_ id: UInt64) {
        waiting.removeValue(forKey: id)?.resume()
    }
}
