using Leerplatform.Core.Content;

namespace Leerplatform.Tests.Content;

public sealed class NaturalStringComparerTests
{
    [Fact]
    public void NumbersInsideNamesCompareByValue()
    {
        string[] names = ["m10-x", "m2-x", "M1-x", "m1-a", "09-b", "10-a", "m002-x"];

        var ordered = names.Order(NaturalStringComparer.Instance).ToArray();

        Assert.Equal(["09-b", "10-a", "m1-a", "M1-x", "m002-x", "m2-x", "m10-x"], ordered);
    }
}
