namespace Leerplatform.Data;

/// <summary>
/// A FIFO async lock that hands itself to the next waiter on the releasing thread.
/// </summary>
/// <remarks>
/// Why not <see cref="SemaphoreSlim"/>: it completes a waiter by queuing its continuation to the thread pool, so
/// under load (issue 8: hundreds of circuits, a long pool queue) the next writer owned the SQLite write lock while
/// its continuation still waited in the queue; the lock was held 6–9 ms per transaction for about 1 ms of work.
/// Here the releasing thread runs the next writer's continuation at once (SQLite work completes synchronously, so
/// that writer's save runs through to its own commit and release), up to a small depth so stacks stay short;
/// deeper hand-offs go through the pool.
/// </remarks>
public sealed class HandoffGate
{
    private const int MaxInlineDepth = 4;

    [ThreadStatic]
    private static int t_depth;

    private readonly object _sync = new();
    private readonly Queue<Waiter> _waiters = new();
    private bool _held;

    public bool IsHeld
    {
        get
        {
            lock (_sync)
            {
                return _held;
            }
        }
    }

    /// <summary>Takes the gate; false when <paramref name="timeout"/> passed first.</summary>
    public async ValueTask<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_sync)
        {
            if (!_held)
            {
                _held = true;
                return true;
            }

            waiter = new Waiter();
            _waiters.Enqueue(waiter);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        bool granted;
        await using (limit.Token.UnsafeRegister(static state => ((Waiter)state!).Abandon(), waiter))
        {
            granted = await waiter.Task.ConfigureAwait(false);
        }

        if (!granted)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return granted;
    }

    public bool Wait(TimeSpan timeout) => WaitAsync(timeout, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public void Release() => _ = TryHandOff(releaseIfNone: true);

    /// <summary>
    /// Passes the gate straight to the next waiter, if one waits; otherwise keeps it held by the caller and
    /// returns false. Group commit (see <see cref="GroupCommit"/>) uses this to let the next writer add to an open
    /// batch, and commits the batch itself when nobody is waiting.
    /// </summary>
    public bool TryHandOff() => TryHandOff(releaseIfNone: false);

    private bool TryHandOff(bool releaseIfNone)
    {
        Waiter? next = null;
        lock (_sync)
        {
            while (_waiters.TryDequeue(out var candidate))
            {
                if (candidate.TryClaim())
                {
                    next = candidate;
                    break;
                }
            }

            if (next is null)
            {
                if (releaseIfNone)
                {
                    _held = false;
                }

                return false;
            }
        }

        if (t_depth >= MaxInlineDepth)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static waiter => waiter.Grant(), next, preferLocal: true);
            return true;
        }

        // The next writer must not run inside this thread's synchronization context (another circuit's).
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        t_depth++;
        try
        {
            next.Grant();
        }
        finally
        {
            t_depth--;
            SynchronizationContext.SetSynchronizationContext(context);
        }

        return true;
    }

    private sealed class Waiter
    {
        // Continuations run synchronously on purpose: that is the hand-off.
        private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.None);
        private int _state; // 0 waiting, 1 claimed by Release, 2 abandoned (timeout or cancellation)

        public Task<bool> Task => _completion.Task;

        public bool TryClaim() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public void Grant() => _completion.TrySetResult(true);

        public void Abandon()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                _completion.TrySetResult(false);
            }
        }
    }
}
