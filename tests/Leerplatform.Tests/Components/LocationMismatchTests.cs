using Leerplatform.Web.Components.Layout;

namespace Leerplatform.Tests.Components;

public sealed class LocationMismatchTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/instellingen", true)]
    [InlineData("http://127.0.0.1:5000/modules/m1", "http://127.0.0.1:5000/modules/m1?pagina=2", true)]
    [InlineData("http://127.0.0.1:5000/instellingen", "http://127.0.0.1:5000/instellingen", false)]
    [InlineData("http://127.0.0.1:5000/modules/m1", "http://127.0.0.1:5000/modules/m1#main", false)]
    [InlineData("http://127.0.0.1:5000/modules/m1#main", "http://127.0.0.1:5000/modules/m1", false)]
    [InlineData("http://127.0.0.1:5000/", "HTTP://127.0.0.1:5000/", false)]
    [InlineData("http://127.0.0.1:5000/", "https://elders.example/instellingen", false)]
    [InlineData("http://127.0.0.1:5000/", "", false)]
    [InlineData("http://127.0.0.1:5000/", null, false)]
    [InlineData("http://127.0.0.1:5000/", "geen adres", false)]
    public void OnlyAnotherPageOfTheAppCountsAsAMismatch(string rendered, string? shown, bool expected) =>
        Assert.Equal(expected, LocationMismatch.Differs(rendered, shown));
}
