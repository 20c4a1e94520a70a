using Leerplatform.Core.Assessment;

namespace Leerplatform.Tests.Assessment;

public sealed class QuizEngineTests
{
    [Theory]
    [InlineData(1, true, 1)]
    [InlineData(2, true, 2)]
    [InlineData(3, true, 3)]
    [InlineData(1, false, 0)]
    [InlineData(2, false, -2)]
    [InlineData(3, false, -6)]
    public void CertaintyBasedMarkingFollowsMoodlesTable(int certainty, bool correct, double mark) =>
        Assert.Equal(mark, QuizEngine.CbmMark(certainty, correct));

    [Fact]
    public void TheSameSeedGivesTheSameDrawAndOrder()
    {
        var quiz = AssessmentFixture.Quiz;

        var first = QuizEngine.Start(quiz, seed: 42, attemptNumber: 1);
        var again = QuizEngine.Start(quiz, seed: 42, attemptNumber: 1);

        Assert.Equal(first.QuestionOrder, again.QuestionOrder);
        Assert.Equal(first.OptionOrder.OrderBy(kv => kv.Key).Select(kv => string.Join(",", kv.Value)),
            again.OptionOrder.OrderBy(kv => kv.Key).Select(kv => string.Join(",", kv.Value)));
        Assert.Equal(6, first.QuestionOrder.Count);
        Assert.Equal(6, first.QuestionOrder.Distinct().Count());
    }

    [Fact]
    public void DifferentSeedsGiveDifferentDrawsAndOrders()
    {
        var quiz = AssessmentFixture.Quiz;

        var orders = Enumerable.Range(0, 50).Select(seed => string.Join(",", QuizEngine.Start(quiz, seed, 1).QuestionOrder)).Distinct().Count();

        Assert.True(orders > 10, $"only {orders} distinct orders over 50 seeds");
    }

    [Fact]
    public void EveryQuestionOfThePoolIsDrawnSometimes()
    {
        var quiz = AssessmentFixture.Quiz;

        var drawn = Enumerable.Range(0, 200).SelectMany(seed => QuizEngine.Start(quiz, seed, 1).QuestionOrder).ToHashSet();

        Assert.Equal(quiz.Questions.Select(q => q.Id).Order(), drawn.Order());
    }

    [Fact]
    public void WithoutShuffleTheAuthorsOrderIsKept()
    {
        var quiz = AssessmentFixture.With(s => s with { Shuffle = false, Draw = null });

        var state = QuizEngine.Start(quiz, 7, 1);

        Assert.Equal(quiz.Questions.Select(q => q.Id), state.QuestionOrder);
        Assert.Equal(["a", "b", "c"], state.OptionOrder["wie-tolkt"]);
    }

    [Fact]
    public void ItemsToOrderNeverStartInTheRightOrder()
    {
        var quiz = AssessmentFixture.With(s => s with { Draw = null });

        foreach (var seed in Enumerable.Range(0, 100))
        {
            var state = QuizEngine.Start(quiz, seed, 1);
            Assert.NotEqual(["a", "b", "c", "d"], state.OptionOrder["trialoog"]);
            Assert.NotEqual(["a", "b", "c"], state.MatchOrder["begrippen"]);
        }
    }

    [Fact]
    public void DeferredModeKeepsAnswersChangeableAndShowsNoFeedbackUntilHandedIn()
    {
        var quiz = AssessmentFixture.With(s => s with { Draw = null, Shuffle = false, CertaintyBasedMarking = false });
        var state = QuizEngine.Start(quiz, 1, 1);

        state = QuizEngine.Answer(quiz, state, "wie-tolkt", new ItemResponse(["a"]));
        state = QuizEngine.Answer(quiz, state, "wie-tolkt", new ItemResponse(["b"]));

        var item = state.Item("wie-tolkt");
        Assert.False(item.FeedbackShown);
        Assert.False(item.Finished);
        Assert.Equal(["b"], item.Response!.Selected);

        state = QuizEngine.Submit(quiz, state);
        Assert.True(state.Item("wie-tolkt").FeedbackShown);
        Assert.Equal(1, state.Item("wie-tolkt").Points);
        Assert.Equal(0, state.Item("taalhulpen").Points);
        Assert.Throws<AssessmentException>(() => QuizEngine.Answer(quiz, state, "wie-tolkt", new ItemResponse(["a"])));
    }

    [Fact]
    public void ImmediateModeMarksAtOnceAndAllowsOneTry()
    {
        var quiz = AssessmentFixture.With(s => s with { Feedback = FeedbackMode.Immediate, Draw = null, CertaintyBasedMarking = false });
        var state = QuizEngine.Start(quiz, 1, 1);

        state = QuizEngine.Answer(quiz, state, "wie-tolkt", new ItemResponse(["a"]));

        var item = state.Item("wie-tolkt");
        Assert.True(item.Finished);
        Assert.True(item.FeedbackShown);
        Assert.False(item.Correct);
        Assert.Throws<AssessmentException>(() => QuizEngine.Answer(quiz, state, "wie-tolkt", new ItemResponse(["b"])));
    }

    [Fact]
    public void InteractiveModeGivesTriesAndCostsAShareOfThePointsPerExtraTry()
    {
        var quiz = AssessmentFixture.With(s => s with { Feedback = FeedbackMode.Interactive, TriesPerQuestion = 3, Draw = null, CertaintyBasedMarking = false });
        var state = QuizEngine.Start(quiz, 1, 1);

        state = QuizEngine.Answer(quiz, state, "wie-tolkt", new ItemResponse(["a"]));
        Assert.False(state.Item("wie-tolkt").Finished);
        Assert.Equal(1, state.Item("wie-tolkt").TriesUsed);

        state = QuizEngine.Answer(quiz, state, "wie-tolkt", new ItemResponse(["b"]));
        var item = state.Item("wie-tolkt");
        Assert.True(item.Finished);
        Assert.True(item.Correct);
        Assert.Equal(2.0 / 3, item.Points, precision: 6);

        state = QuizEngine.Answer(quiz, state, "kind-tolk", new ItemResponse(["a"]));
        state = QuizEngine.Answer(quiz, state, "kind-tolk", new ItemResponse(["a"]));
        state = QuizEngine.Answer(quiz, state, "kind-tolk", new ItemResponse(["a"]));
        Assert.True(state.Item("kind-tolk").Finished);
        Assert.Equal(0, state.Item("kind-tolk").Points);
    }

    [Fact]
    public void CertaintyBasedMarkingScoresChoiceItemsByTheTable()
    {
        var quiz = AssessmentFixture.With(s => s with { Feedback = FeedbackMode.Immediate, Draw = null });
        var state = QuizEngine.Start(quiz, 1, 1);

        state = QuizEngine.Answer(quiz, state, "wie-tolkt", new ItemResponse(["b"], Certainty: 3));
        state = QuizEngine.Answer(quiz, state, "kind-tolk", new ItemResponse(["a"], Certainty: 3));

        Assert.Equal(3, state.Item("wie-tolkt").Points);
        Assert.Equal(-6, state.Item("kind-tolk").Points);
        Assert.Equal(3, state.Item("kind-tolk").MaxPoints);
        Assert.Throws<AssessmentException>(() => QuizEngine.Answer(quiz, state, "taalhulpen", new ItemResponse(["a"])));
    }

    [Fact]
    public void MultipleResponseEarnsPartialCreditButNeverBelowZero()
    {
        var quiz = AssessmentFixture.With(s => s with { Feedback = FeedbackMode.Immediate, Draw = null, CertaintyBasedMarking = false });
        var question = quiz.FindQuestion("taalhulpen")!;

        Assert.Equal((1.0, true), QuizEngine.Fraction(question, new ItemResponse(["a", "b"])));
        Assert.Equal((0.5, false), QuizEngine.Fraction(question, new ItemResponse(["a"])));
        Assert.Equal((0.0, false), QuizEngine.Fraction(question, new ItemResponse(["a", "c"])));
        Assert.Equal((0.0, false), QuizEngine.Fraction(question, new ItemResponse(["c"])));
    }

    [Fact]
    public void OrderingAndMatchingEarnAShareForEachItemInPlace()
    {
        var quiz = AssessmentFixture.Quiz;

        Assert.Equal((1.0, true), QuizEngine.Fraction(quiz.FindQuestion("trialoog")!, new ItemResponse(["a", "b", "c", "d"])));
        Assert.Equal((0.5, false), QuizEngine.Fraction(quiz.FindQuestion("trialoog")!, new ItemResponse(["a", "b", "d", "c"])));
        Assert.Equal((1.0 / 3, false), QuizEngine.Fraction(quiz.FindQuestion("begrippen")!, new ItemResponse(["a:a", "b:c", "c:b"])));
    }

    [Fact]
    public void LikertAndReflectionAreRecordedNeverMarked()
    {
        var quiz = AssessmentFixture.With(s => s with { Feedback = FeedbackMode.Immediate, Draw = null, CertaintyBasedMarking = false });
        var state = QuizEngine.Start(quiz, 1, 1);

        state = QuizEngine.Answer(quiz, state, "zelf-tolk", new ItemResponse(["4"]));
        state = QuizEngine.Answer(quiz, state, "reflectie-tolk", new ItemResponse([], "Ik zou een tolk vragen.", 2));

        Assert.Null(state.Item("zelf-tolk").Correct);
        Assert.Equal(0, QuizEngine.MaxPoints(quiz, quiz.FindQuestion("zelf-tolk")!));
        Assert.Equal("Ik zou een tolk vragen.", state.Item("reflectie-tolk").Response!.Text);
        Assert.Equal(2, state.Item("reflectie-tolk").Response!.Certainty);
    }

    [Theory]
    [InlineData(70, 7, true)]
    [InlineData(70, 6, false)]
    [InlineData(100, 10, true)]
    [InlineData(0, 0, true)]
    public void PassingIsAtOrAboveThePassMark(int passPercent, int rightOfTen, bool passed)
    {
        var quiz = TenQuestionQuiz(passPercent);
        var state = QuizEngine.Start(quiz, 1, 1);
        for (var i = 0; i < 10; i++)
        {
            state = QuizEngine.Answer(quiz, state, $"v{i}", new ItemResponse([i < rightOfTen ? "a" : "b"]));
        }

        var result = QuizEngine.Result(quiz, QuizEngine.Submit(quiz, state));

        Assert.Equal(rightOfTen * 10, result.Percent);
        Assert.Equal(passed, result.Passed);
    }

    [Fact]
    public void ScoresStayWithinBoundsForAnyAnswers()
    {
        // Property-style: many seeds, random valid answers in every feedback mode, with and without CBM.
        var random = new SeededRandom(2026);
        foreach (var mode in Enum.GetValues<FeedbackMode>())
        {
            foreach (var cbm in new[] { false, true })
            {
                if (cbm && mode == FeedbackMode.Interactive)
                {
                    continue;
                }

                var quiz = AssessmentFixture.With(s => s with { Feedback = mode, CertaintyBasedMarking = cbm, PassPercent = 70 });
                for (var seed = 0; seed < 150; seed++)
                {
                    var state = QuizEngine.Start(quiz, seed, 1);
                    foreach (var id in state.QuestionOrder)
                    {
                        if (random.Next(4) == 0)
                        {
                            continue;
                        }

                        state = QuizEngine.Answer(quiz, state, id, RandomResponse(quiz.FindQuestion(id)!, random));
                    }

                    var result = QuizEngine.Result(quiz, QuizEngine.Submit(quiz, state));
                    Assert.InRange(result.Percent, 0, 100);
                    Assert.True(result.Points <= result.MaxPoints);
                    Assert.True(result.Points >= -6 * quiz.Questions.Sum(q => q.Weight));
                    Assert.NotNull(result.Passed);
                }
            }
        }
    }

    [Fact]
    public void InvalidAnswersAreRefusedWithAReason()
    {
        var quiz = AssessmentFixture.With(s => s with { Draw = null, CertaintyBasedMarking = false });
        var state = QuizEngine.Start(quiz, 1, 1);

        Assert.Equal("kies één antwoord", Assert.Throws<AssessmentException>(() => QuizEngine.Answer(quiz, state, "wie-tolkt", new ItemResponse(["a", "b"]))).Message);
        Assert.Equal("kies één antwoord", Assert.Throws<AssessmentException>(() => QuizEngine.Answer(quiz, state, "wie-tolkt", new ItemResponse(["z"]))).Message);
        Assert.Equal("zet alle stappen in een volgorde", Assert.Throws<AssessmentException>(() => QuizEngine.Answer(quiz, state, "trialoog", new ItemResponse(["a", "b"]))).Message);
        Assert.Equal("koppel elk onderdeel aan een antwoord", Assert.Throws<AssessmentException>(() => QuizEngine.Answer(quiz, state, "begrippen", new ItemResponse(["a:a"]))).Message);
        Assert.Equal("schrijf eerst je reflectie", Assert.Throws<AssessmentException>(() => QuizEngine.Answer(quiz, state, "reflectie-tolk", new ItemResponse([], "  "))).Message);
        Assert.Contains("hoort niet bij deze poging", Assert.Throws<AssessmentException>(() => QuizEngine.Answer(quiz, state, "bestaat-niet", new ItemResponse(["a"]))).Message);
    }

    private static ItemResponse RandomResponse(Question question, SeededRandom random)
    {
        var ids = question.Options.Select(o => o.Id).ToList();
        var certainty = 1 + random.Next(3);
        return question.Type switch
        {
            QuestionType.MultipleResponse => new ItemResponse(random.Shuffle(ids).Take(1 + random.Next(ids.Count)).ToList(), Certainty: certainty),
            QuestionType.Ordering => new ItemResponse(random.Shuffle(ids), Certainty: certainty),
            QuestionType.Matching => new ItemResponse(ids.Zip(random.Shuffle(ids), (l, r) => $"{l}:{r}").ToList(), Certainty: certainty),
            QuestionType.Reflection => new ItemResponse([], "Een reflectie.", certainty),
            _ => new ItemResponse([ids[random.Next(ids.Count)]], Certainty: certainty),
        };
    }

    private static Quiz TenQuestionQuiz(int passPercent)
    {
        var template = AssessmentFixture.Quiz.FindQuestion("kind-tolk")!;
        var questions = Enumerable.Range(0, 10).Select(i => template with { Id = $"v{i}", Options = [template.Options[1] with { Id = "a" }, template.Options[0] with { Id = "b" }] }).ToList();
        var settings = AssessmentFixture.Quiz.Settings with { Feedback = FeedbackMode.Deferred, CertaintyBasedMarking = false, Shuffle = false, Draw = null, PassPercent = passPercent };
        return new Quiz(settings, questions);
    }
}
