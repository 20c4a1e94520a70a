using System.Text.RegularExpressions;

namespace Leerplatform.Web.Services.Workspace;

/// <summary>The files a new module starts with: valid from the first keystroke, and showing the main syntax.</summary>
public static partial class Template
{
    [GeneratedRegex("^id:\\s*\"?(?<id>[a-z0-9-]+)\"?\\s*$", RegexOptions.Multiline)]
    private static partial Regex IdLine();

    public static string Module(string id, string title) =>
        $"""
        ---
        id: {id}
        titel: "{title.Replace("\"", "'", StringComparison.Ordinal)}"
        samenvatting: "Vul hier in één of twee zinnen aan waarover de module gaat."
        doelgroep: [professional]
        competenties: [C1]
        duur: 15
        taal: nl
        versie: 1.0.0
        ---
        Schrijf hier een korte inleiding. Ze staat op de overzichtspagina van de module.

        """;

    public const string FirstPage =
        """
        # Waarom deze module?

        Schrijf hier de eerste pagina. Gebruik korte zinnen en vermeld je bronnen.

        """;

    /// <summary>The <c>id:</c> of a module.md front matter, read without the full loader (for imports).</summary>
    public static string? ReadId(string moduleMarkdown)
    {
        var end = moduleMarkdown.IndexOf("\n---", 3, StringComparison.Ordinal);
        var frontMatter = end > 0 ? moduleMarkdown[..end] : moduleMarkdown;
        var match = IdLine().Match(frontMatter.Replace("\r", string.Empty, StringComparison.Ordinal));
        return match.Success ? match.Groups["id"].Value : null;
    }
}
