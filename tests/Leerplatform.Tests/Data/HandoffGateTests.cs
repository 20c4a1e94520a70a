using Leerplatform.Data;

namespace Leerplatform.Tests.Data;

public sealed class HandoffGateTests
{
    [Fact]
    public async Task WaitersGetTheGateInArrivalOrder()
    {
        var gate = new HandoffGate();
        Assert.True(await gate.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        var order = new List<int>();
        // Queued one after the other from this thread, so arrival order does not depend on thread-pool timing.
        var waiters = Enumerable.Range(1, 5).Select(i => gate.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).AsTask()
            .ContinueWith(
                granted =>
                {
                    Assert.True(granted.Result);
                    lock (order)
                    {
                        order.Add(i);
                    }

                    gate.Release();
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default)).ToList();

        await Task.Delay(400);
        Assert.Empty(order);
        gate.Release();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1, 2, 3, 4, 5], order);
        Assert.False(gate.IsHeld);
    }

    [Fact]
    public async Task TryHandOffPassesTheGateOnlyToAWaiterAndOtherwiseKeepsItHeld()
    {
        var gate = new HandoffGate();
        Assert.True(await gate.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.False(gate.TryHandOff());
        Assert.True(gate.IsHeld);

        var next = gate.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        Assert.True(gate.TryHandOff());
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(gate.IsHeld);
        gate.Release();
        Assert.False(gate.IsHeld);
    }

    [Fact]
    public async Task ATimedOutWaiterIsSkippedAndTheGateStillWorks()
    {
        var gate = new HandoffGate();
        await gate.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.False(await gate.WaitAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None));
        var later = gate.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).AsTask();
        gate.Release();

        Assert.True(await later.WaitAsync(TimeSpan.FromSeconds(5)));
        gate.Release();
        Assert.False(gate.IsHeld);
    }

    [Fact]
    public async Task ACancelledWaiterThrowsAndIsSkipped()
    {
        var gate = new HandoffGate();
        await gate.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.WaitAsync(TimeSpan.FromSeconds(30), cancel.Token).AsTask();

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        gate.Release();
        Assert.False(gate.IsHeld);
    }

    [Fact]
    public async Task ManyConcurrentHoldersNeverOverlap()
    {
        var gate = new HandoffGate();
        var inside = 0;
        var overlaps = 0;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            Assert.True(await gate.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
            if (Interlocked.Increment(ref inside) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            Thread.SpinWait(200);
            Interlocked.Decrement(ref inside);
            gate.Release();
        })));

        Assert.Equal(0, overlaps);
        Assert.False(gate.IsHeld);
    }
}
