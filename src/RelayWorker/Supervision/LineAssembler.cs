using System.Text;

namespace RelayWorker.Supervision;

/// <summary>
/// Cuts a byte stream into lines as <see cref="StreamReader.ReadLine"/> does (LF or CRLF ends a line; a last line
/// without one still counts), keeping a line that a read split in two until its end arrives.
/// </summary>
internal sealed class LineAssembler
{
    private byte[] _pending = new byte[256];
    private int _pendingLength;

    public void Feed(ReadOnlySpan<byte> bytes, Action<string> onLine)
    {
        while (bytes.IndexOf((byte)'\n') is var end and >= 0)
        {
            if (_pendingLength == 0)
            {
                onLine(Decode(bytes[..end]));
            }
            else
            {
                Append(bytes[..end]);
                onLine(Decode(_pending.AsSpan(0, _pendingLength)));
                _pendingLength = 0;
            }
            bytes = bytes[(end + 1)..];
        }
        Append(bytes);
    }

    /// <summary>The stream ended: what is left is its last line.</summary>
    public void Flush(Action<string> onLine)
    {
        if (_pendingLength > 0)
        {
            var last = Decode(_pending.AsSpan(0, _pendingLength));
            _pendingLength = 0;
            onLine(last);
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_pendingLength + bytes.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + bytes.Length));
        }
        bytes.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += bytes.Length;
    }

    private static string Decode(ReadOnlySpan<byte> line) =>
        Encoding.UTF8.GetString(line.EndsWith((byte)'\r') ? line[..^1] : line);
}
