namespace Leerplatform.Testing;

/// <summary>
/// Writes a synthetic but realistic content tree (for benchmarks and load tests): N modules of M pages with
/// tables, callouts, footnotes, links between pages and an image each.
/// </summary>
public static class GeneratedContent
{
    public static void Write(string root, int modules, int pagesPerModule)
    {
        Directory.CreateDirectory(Path.Combine(root, "modules"));
        File.WriteAllText(Path.Combine(root, "competenties.yml"),
            "competenties:\n" + string.Concat(Enumerable.Range(1, 8).Select(i =>
                $"  - code: C{i}\n    naam: Competentie {i}\n    omschrijving: Omschrijving van competentie {i}.\n")));
        for (var m = 1; m <= modules; m++)
        {
            var folder = Path.Combine(root, "modules", $"m{m:000}-module");
            Directory.CreateDirectory(Path.Combine(folder, "afbeeldingen"));
            File.WriteAllText(Path.Combine(folder, "afbeeldingen", "schema.svg"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>Schema</title><rect width=\"10\" height=\"10\" fill=\"#fff\"/></svg>");
            File.WriteAllText(Path.Combine(folder, "module.md"), $"""
                ---
                id: gen-{m:000}
                titel: "Gegenereerde module {m}"
                samenvatting: "Een module om het laden en tonen van inhoud te meten."
                doelgroep: [professional]
                competenties: [C1, C4]
                duur: 20
                taal: nl
                versie: 1.0.0
                ---
                Inleiding van module {m}. Begin bij [de eerste pagina](01-pagina-1.md).
                """);
            for (var p = 1; p <= pagesPerModule; p++)
            {
                var next = p < pagesPerModule ? $"Ga verder naar [pagina {p + 1}](0{p + 1}-pagina-{p + 1}.md#stappen)." : "Dit is de laatste pagina.";
                File.WriteAllText(Path.Combine(folder, $"0{p}-pagina-{p}.md"), $$"""
                    # Pagina {{p}} van module {{m}}

                    Een professional in de thuiszorg ontmoet een cliënt die weinig Nederlands spreekt. Zij vraagt
                    zich af hoe ze het gesprek goed kan voeren. Deze pagina beschrijft wat je kunt doen.[^1]

                    ## Stappen

                    1. Bereid het gesprek voor en kies bewust een taalhulpmiddel.
                    2. Spreek de cliënt rechtstreeks aan, in korte zinnen.
                    3. Vraag de cliënt om in eigen woorden te herhalen wat je zei.

                    | Situatie | Hulpmiddel |
                    |----------|------------|
                    | Eenvoudig en informatief | Duidelijke taal, beeldmateriaal |
                    | Complex of gevoelig | Professionele tolk |
                    | Dringend | Telefoontolk |

                    > [!TIP]
                    > Een knik is geen bewijs dat iemand je begrijpt.

                    > [!LET OP]
                    > Laat nooit een kind tolken.

                    ![Schema van de stappen](afbeeldingen/schema.svg)

                    {{next}}

                    > [!BRON]
                    > Pharos. Omgaan met taalbarrières. https://www.pharos.nl/

                    [^1]: Richtlijn Omgaan met taalbarrières in de zorg en het sociaal domein (2025).
                    """);
            }
        }
    }

    /// <summary>
    /// Adds a module whose only page is a quiz of <paramref name="questions"/> single-choice questions with
    /// immediate feedback (answer "b" is right), for measuring answer round trips.
    /// </summary>
    public static void WriteQuizModule(string root, int questions)
    {
        var folder = Path.Combine(root, "modules", "zz-meetmodule");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "module.md"), """
            ---
            id: meetmodule
            titel: "Meetmodule"
            samenvatting: "Een toets om antwoordtijden te meten."
            doelgroep: [professional]
            competenties: [C4]
            duur: 30
            taal: nl
            versie: 1.0.0
            ---
            Meetmodule.
            """);
        var body = new System.Text.StringBuilder("---\ntoets:\n  id: meettoets\n  feedback: direct\n---\n# Meettoets\n\n");
        for (var i = 1; i <= questions; i++)
        {
            body.Append($"::: vraag v{i} enkelvoudig\nVraag {i}: welk antwoord is juist?\n\n- [ ] Antwoord A\n  > Niet juist.\n- [x] Antwoord B\n  > Juist.\n:::\n\n");
        }

        File.WriteAllText(Path.Combine(folder, "01-meettoets.md"), body.ToString());
    }
}
