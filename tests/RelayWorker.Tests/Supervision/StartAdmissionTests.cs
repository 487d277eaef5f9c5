using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

public sealed class StartAdmissionTests
{
    [Fact]
    public void TryEnter_UpToCapacity_AdmitsThenRefuses()
    {
        var admission = new StartAdmission(capacity: 2);

        Assert.True(admission.TryEnter(out _));
        Assert.True(admission.TryEnter(out _));
        Assert.False(admission.TryEnter(out _));
        Assert.Equal(2, admission.Starting);
    }

    [Fact(Timeout = 5_000)]
    public async Task EnterAsync_SlotsReleased_AdmitsWaitersInArrivalOrder()
    {
        var admission = new StartAdmission(capacity: 1);
        Assert.True(admission.TryEnter(out var first));
        var second = admission.EnterAsync(CancellationToken.None);
        var third = admission.EnterAsync(CancellationToken.None);
        Assert.Equal(2, admission.Queued);

        first.Dispose();
        var secondSlot = await second;

        Assert.False(third.IsCompleted);
        secondSlot.Dispose();
        (await third).Dispose();
        Assert.Equal((0, 0), (admission.Starting, admission.Queued));
    }

    [Fact]
    public async Task TryEnter_WhileOthersWait_DoesNotJumpTheQueue()
    {
        var admission = new StartAdmission(capacity: 1);
        Assert.True(admission.TryEnter(out var held));
        var waiting = admission.EnterAsync(CancellationToken.None);

        held.Dispose();

        // The slot went to the waiter (whose task may complete on another thread), not to a newcomer.
        using var slot = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(admission.TryEnter(out _));
    }

    [Fact]
    public void Slot_DisposedTwice_ReleasesOnce()
    {
        var admission = new StartAdmission(capacity: 2);
        Assert.True(admission.TryEnter(out var slot));
        Assert.True(admission.TryEnter(out _));

        slot.Dispose();
        slot.Dispose();

        Assert.Equal(1, admission.Starting);
    }

    [Fact(Timeout = 5_000)]
    public async Task EnterAsync_Cancelled_LeavesTheQueueAndTakesNoSlot()
    {
        var admission = new StartAdmission(capacity: 1);
        Assert.True(admission.TryEnter(out var held));
        using var cancel = new CancellationTokenSource();
        var abandoned = admission.EnterAsync(cancel.Token);
        var next = admission.EnterAsync(CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        held.Dispose();

        (await next).Dispose();
        Assert.Equal((0, 0), (admission.Starting, admission.Queued));
    }

    [Fact(Timeout = 5_000)]
    public async Task Capacity_Raised_AdmitsWaitersAtOnce()
    {
        var admission = new StartAdmission(capacity: 1);
        Assert.True(admission.TryEnter(out _));
        var waiting = admission.EnterAsync(CancellationToken.None);

        admission.Capacity = 2;

        (await waiting).Dispose();
        Assert.Equal(1, admission.Starting);
    }
}
