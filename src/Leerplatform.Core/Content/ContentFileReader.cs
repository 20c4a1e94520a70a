using System.Text;

namespace Leerplatform.Core.Content;

/// <summary>
/// Reads content files defensively: a file over the size limit or with bytes that are not UTF-8 becomes a
/// diagnostic instead of an exception or, worse, silently mangled text.
/// </summary>
public static class ContentFileReader
{
    /// <summary>Files above this size are refused (pages and images alike): they hurt page weight and usually mean a mistake.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool CheckSize(string fullPath, string relPath, DiagnosticBag diagnostics)
    {
        var length = new FileInfo(fullPath).Length;
        if (length <= MaxFileBytes)
        {
            return true;
        }

        diagnostics.Error(relPath, 1, 1,
            $"bestand is te groot ({length / 1024.0 / 1024.0:0.0} MB); het maximum is 1 MB");
        return false;
    }

    /// <summary>Returns the text, or null after reporting why it could not be read.</summary>
    public static string? ReadText(string fullPath, string relPath, DiagnosticBag diagnostics)
    {
        if (!CheckSize(fullPath, relPath, diagnostics))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(fullPath);
        return DecodeUtf8(bytes, relPath, diagnostics);
    }

    public static string? DecodeUtf8(ReadOnlySpan<byte> bytes, string relPath, DiagnosticBag diagnostics)
    {
        var start = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var body = bytes[start..];
        try
        {
            return StrictUtf8.GetString(body).Replace("\r\n", "\n", StringComparison.Ordinal);
        }
        catch (DecoderFallbackException)
        {
            var offset = FirstInvalidUtf8Offset(body);
            var (line, column) = LineAndColumn(body[..offset]);
            diagnostics.Error(relPath, line, column,
                $"bestand is geen geldige UTF-8 (ongeldige byte 0x{body[offset]:X2}); sla het op als UTF-8");
            return null;
        }
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return Math.Max(0, bytes.Length - 1);
    }

    /// <summary>Line and column (1-based, counted in characters) of the position right after the given valid prefix.</summary>
    private static (int Line, int Column) LineAndColumn(ReadOnlySpan<byte> validPrefix)
    {
        var text = Encoding.UTF8.GetString(validPrefix);
        var line = 1;
        var lastNewline = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lastNewline = i;
            }
        }

        return (line, text.Length - lastNewline);
    }
}
