/// Keeps a client within the server's announced in-flight bound: a call
/// beyond it waits for a slot instead of being refused by the server.
/// (A counting semaphore for async code; the standard library has none.)
actor InFlightLimiter {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        available = max(1, limit)
    }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
