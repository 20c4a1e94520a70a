public class UnitTest1 { [Fact] public void T() { } }
