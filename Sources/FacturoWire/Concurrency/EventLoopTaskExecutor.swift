import NIOCore

/// Runs a task on one event loop: a request arrives there and its answer
/// leaves from there, so running the code between on the same thread saves
/// two thread switches per request (measured as the main cost of a short
/// request, docs/benchmarks.md). The server runs its handlers so; a client
/// that keeps one connection busy (`facturo-bench load`) may too.
///
/// Written here because swift-nio 2.101 makes an event loop a
/// `SerialExecutor` (for actors) but not a `TaskExecutor` (for
/// `Task(executorPreference:)`).
///
/// Only short work belongs here: code that computes for long (parsing an
/// import chunk) would hold every connection of the loop.
public final class EventLoopTaskExecutor: TaskExecutor {
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
