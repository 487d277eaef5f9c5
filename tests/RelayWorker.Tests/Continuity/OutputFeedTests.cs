using System.IO.Pipelines;
using RelayWorker.Continuity;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Continuity;

public sealed class OutputFeedTests
{
    private static byte[] Packet(byte value) => Enumerable.Repeat(value, TsPacket.Size).ToArray();

    [Fact]
    public void Write_WithoutAnOutputStage_IsDroppedAndCounted()
    {
        var feed = new OutputFeed();

        feed.Write(Packet(1));

        Assert.Equal(TsPacket.Size, feed.DroppedBytes);
        Assert.Equal(0, feed.WrittenBytes);
    }

    [Fact]
    public async Task Pump_CopiesEveryPacketInOrder_AndAnnouncesTheNewOutputFirst()
    {
        var feed = new OutputFeed();
        var attached = 0;
        feed.OutputAttached += () => attached++;
        var pipe = new Pipe();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var pump = feed.PumpAsync(pipe.Writer.AsStream(), stop.Token);
        await Eventually.True(() => attached == 1, "the pump to attach");

        for (byte i = 0; i < 50; i++)
        {
            feed.Write(Packet(i));
        }
        var received = new List<byte>();
        while (received.Count < 50 * TsPacket.Size)
        {
            var read = await pipe.Reader.ReadAsync(stop.Token);
            foreach (var segment in read.Buffer)
            {
                received.AddRange(segment.ToArray());
            }
            pipe.Reader.AdvanceTo(read.Buffer.End);
        }
        await stop.CancelAsync();
        await pump;
        feed.Write(Packet(99));

        Assert.Equal(Enumerable.Range(0, 50).SelectMany(i => Packet((byte)i)), received);
        Assert.Equal(50 * TsPacket.Size, feed.WrittenBytes);
        Assert.Equal(TsPacket.Size, feed.DroppedBytes);
    }

    [Fact]
    public async Task Write_WhenTheOutputStopsReading_NeverBlocksAndDropsBeyondTheLimit()
    {
        var feed = new OutputFeed();
        // An output that takes nothing: a pipe whose writer blocks once 1 byte is pending.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var attached = false;
        feed.OutputAttached += () => attached = true;
        var pump = feed.PumpAsync(pipe.Writer.AsStream(), stop.Token);
        await Eventually.True(() => attached, "the pump to attach");

        // Three times the limit: the pump holds at most one batch (no more than the limit) and the queue the limit.
        var packets = 3 * OutputFeed.QueueLimit / TsPacket.Size;
        for (var i = 0; i < packets; i++)
        {
            feed.Write(Packet(1));
        }

        Assert.True(feed.DroppedBytes >= OutputFeed.QueueLimit - TsPacket.Size, $"{feed.DroppedBytes} bytes dropped");
        await stop.CancelAsync();
        await pump;
    }

    [Fact]
    public async Task NewPump_WhileTheDeadOutputsPumpStillUnwinds_KeepsTheFeedAndGetsEveryPacket()
    {
        var feed = new OutputFeed();
        var attached = 0;
        feed.OutputAttached += () => Interlocked.Increment(ref attached);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var oldOutputExited = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var oldPump = feed.PumpAsync(new Pipe().Writer.AsStream(), oldOutputExited.Token);
        await Eventually.True(() => attached == 1, "the first pump to attach");

        // The replacement attaches before the old output's pump has been told its process exited.
        var pipe = new Pipe();
        var newPump = feed.PumpAsync(pipe.Writer.AsStream(), stop.Token);
        await Eventually.True(() => attached == 2, "the second pump to attach");
        await oldOutputExited.CancelAsync();
        await oldPump;
        feed.Write(Packet(7));
        var read = await pipe.Reader.ReadAsync(stop.Token);

        Assert.Equal(TsPacket.Size, read.Buffer.Length);
        Assert.Equal(0, feed.DroppedBytes);
        await stop.CancelAsync();
        await newPump;
    }
}
