using System.Text;
using Leerplatform.Core.Content;

namespace Leerplatform.Tests.Content;

public sealed class ContentFileReaderTests
{
    [Fact]
    public void ValidUtf8WithBomAndCrLfIsReadAsLfText()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Café\r\nregel 2")).ToArray();
        var diagnostics = new DiagnosticBag();

        var text = ContentFileReader.DecodeUtf8(bytes, "a.md", diagnostics);

        Assert.Equal("Café\nregel 2", text);
        Assert.Empty(diagnostics.Items);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', 0xE9, (byte)'b' }, 1, 2, "0xE9")]
    [InlineData(new byte[] { (byte)'a', (byte)'\n', (byte)'x', (byte)'y', 0xFF }, 2, 3, "0xFF")]
    [InlineData(new byte[] { 0xC3, 0xA9, (byte)'\n', 0xC3, 0xA9, 0xC3 }, 2, 2, "0xC3")]
    public void InvalidUtf8IsReportedAtTheLineAndColumnOfTheFirstBadByte(byte[] bytes, int line, int column, string shown)
    {
        var diagnostics = new DiagnosticBag();

        var text = ContentFileReader.DecodeUtf8(bytes, "a.md", diagnostics);

        Assert.Null(text);
        var diagnostic = Assert.Single(diagnostics.Items);
        Assert.Equal((line, column), (diagnostic.Line, diagnostic.Column));
        Assert.Contains(shown, diagnostic.Message);
        Assert.True(diagnostic.IsError);
    }
}
