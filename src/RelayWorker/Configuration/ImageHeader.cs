using System.Buffers.Binary;

namespace RelayWorker.Configuration;

/// <summary>
/// The picture size from a PNG's IHDR chunk or a JPEG's start-of-frame segment, walking the file's own
/// structure: a file that is renamed text, truncated before its header ends or has a broken segment chain
/// yields null. (The pixels themselves are decoded by ffmpeg when the slate starts.)
/// </summary>
internal static class ImageHeader
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height)? Dimensions(ReadOnlySpan<byte> file)
    {
        if (file.StartsWith(PngSignature))
        {
            return Png(file);
        }
        return file.Length > 4 && file[0] == 0xFF && file[1] == 0xD8 ? Jpeg(file) : null;
    }

    private static (int, int)? Png(ReadOnlySpan<byte> file)
    {
        // Signature, then the IHDR chunk first: length 13, type, width, height, ..., CRC; and an IEND at the end.
        if (file.Length < 33 || BinaryPrimitives.ReadInt32BigEndian(file[8..]) != 13 || !file[12..16].SequenceEqual("IHDR"u8)
            || !file[^8..^4].SequenceEqual("IEND"u8))
        {
            return null;
        }
        return (BinaryPrimitives.ReadInt32BigEndian(file[16..]), BinaryPrimitives.ReadInt32BigEndian(file[20..]));
    }

    private static (int, int)? Jpeg(ReadOnlySpan<byte> file)
    {
        var i = 2;
        while (i + 9 < file.Length)
        {
            if (file[i] != 0xFF)
            {
                return null;
            }
            var marker = file[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(file[(i + 2)..]);
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var height = BinaryPrimitives.ReadUInt16BigEndian(file[(i + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(file[(i + 7)..]);
                return file[^2] == 0xFF && file[^1] == 0xD9 ? (width, height) : null;
            }
            if (length < 2)
            {
                return null;
            }
            i += 2 + length;
        }
        return null;
    }
}
