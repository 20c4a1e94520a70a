using Leerplatform.Core.Content;

namespace Leerplatform.Tests.Content;

public sealed class FrontMatterTests
{
    [Fact]
    public void SplitReturnsYamlAndBodyWithTheirFileLines()
    {
        var doc = FrontMatter.Split("---\nid: a\ntitel: b\n---\n# Kop\n");

        Assert.Equal("id: a\ntitel: b\n", doc.Yaml);
        Assert.Equal(2, doc.YamlFirstLine);
        Assert.Equal("# Kop\n", doc.Body);
        Assert.Equal(5, doc.BodyFirstLine);
    }

    [Fact]
    public void AFileWithoutFrontMatterIsAllBody()
    {
        var doc = FrontMatter.Split("# Kop\n---\n");

        Assert.Null(doc.Yaml);
        Assert.Equal(1, doc.BodyFirstLine);
    }

    [Fact]
    public void ValuesAreReportedAtTheirOwnLineAndColumn()
    {
        var diagnostics = new DiagnosticBag();
        var map = FrontMatter.ParseMapping(FrontMatter.Split("---\nid: a\nduur:   veel\n---\n"), "m.md", diagnostics, required: true)!;

        Assert.Null(map.GetInt("duur", required: true, min: 1, max: 10));

        Assert.Equal("m.md:3:9: error: 'duur' moet een geheel getal zijn", Assert.Single(diagnostics.Items).ToString());
    }

    [Fact]
    public void ASingleValueCountsAsAOneItemList()
    {
        var diagnostics = new DiagnosticBag();
        var map = FrontMatter.ParseMapping(FrontMatter.Split("---\ndoelgroep: professional\n---\n"), "m.md", diagnostics, required: true)!;

        var list = map.GetList("doelgroep", required: true)!;

        Assert.Equal("professional", Assert.Single(list).Value);
        Assert.Empty(diagnostics.Items);
    }
}
