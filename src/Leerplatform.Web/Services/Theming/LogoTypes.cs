using System.Text;
using System.Xml;

namespace Leerplatform.Web.Services.Theming;

/// <summary>Recognises the logo formats we accept by their bytes (magic numbers, or an XML document whose root is svg).</summary>
public static class LogoTypes
{
    public const string Svg = "image/svg+xml";

    /// <returns>The content type, or null for anything else.</returns>
    public static string? Detect(byte[] bytes)
    {
        ReadOnlySpan<byte> b = bytes;
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return IsSvg(bytes) ? Svg : null;
    }

    private static bool IsSvg(byte[] bytes)
    {
        try
        {
            // No DTDs: an entity expansion ("billion laughs") must not get a chance.
            using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    var isSvg = reader.LocalName == "svg" && reader.NamespaceURI == "http://www.w3.org/2000/svg";
                    while (reader.Read())
                    {
                        // Read to the end: a logo must be well-formed as a whole.
                    }

                    return isSvg;
                }
            }
        }
        catch (XmlException)
        {
        }
        catch (DecoderFallbackException)
        {
        }

        return false;
    }
}
