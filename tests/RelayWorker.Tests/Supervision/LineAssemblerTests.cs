using System.Text;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

public sealed class LineAssemblerTests
{
    [Fact]
    public void A_line_split_across_reads_arrives_whole_and_in_order()
    {
        var lines = new List<string>();
        var assembler = new LineAssembler();

        assembler.Feed("frame=1\nfps=2"u8, lines.Add);
        assembler.Feed("5.0\r\nprog"u8, lines.Add);
        assembler.Feed("ress=continue\n\n"u8, lines.Add);

        Assert.Equal(["frame=1", "fps=25.0", "progress=continue", ""], lines);
    }

    [Fact]
    public void A_last_line_without_its_newline_is_given_when_the_stream_ends()
    {
        var lines = new List<string>();
        var assembler = new LineAssembler();

        assembler.Feed("progress=end"u8, lines.Add);
        Assert.Empty(lines);
        assembler.Flush(lines.Add);
        assembler.Flush(lines.Add);

        Assert.Equal(["progress=end"], lines);
    }

    [Fact]
    public void A_line_longer_than_the_first_buffer_is_kept_whole()
    {
        var lines = new List<string>();
        var assembler = new LineAssembler();
        var longLine = new string('x', 5000);
        var bytes = Encoding.UTF8.GetBytes(longLine + "\nnext\n");

        foreach (var chunk in bytes.Chunk(7))
        {
            assembler.Feed(chunk, lines.Add);
        }

        Assert.Equal([longLine, "next"], lines);
    }
}
