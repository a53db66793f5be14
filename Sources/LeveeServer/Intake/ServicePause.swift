import ServiceLifecycle

/// The wait between two rounds of a periodic service (the lifecycle timers, the backfill), ended early by a graceful
/// shutdown: a plain `Task.sleep` held SIGTERM for up to the whole interval (28 s of a 30 s round). It sleeps in slices
/// of 100 ms and looks at the shutdown between them, as the worker's idle loop does; ServiceLifecycle's
/// `cancelWhenGracefulShutdown` was tried first: the replica tests (PostgresRestartTests, CrashRecoveryTests) hung
/// with it twice here, and never in five runs with this.
enum ServicePause {
    static let slice: Duration = .milliseconds(100)

    static func sleep(_ interval: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + interval
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let left = deadline - clock.now
            guard left > .zero else { return }
            try? await Task.sleep(for: min(slice, left))
        }
    }
}
