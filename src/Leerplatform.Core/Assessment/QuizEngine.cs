namespace Leerplatform.Core.Assessment;

/// <summary>
/// The rules of a quiz attempt as pure functions of (quiz, state, answer): drawing and shuffling per seed,
/// feedback modes, tries, penalties, certainty-based marking and the final result. No clock, no database.
/// </summary>
public static class QuizEngine
{
    /// <summary>Moodle's certainty-based marking table: marks for certainty 1, 2, 3 when right and when wrong.</summary>
    public static double CbmMark(int certainty, bool correct) => (certainty, correct) switch
    {
        (1, true) => 1,
        (2, true) => 2,
        (3, true) => 3,
        (1, false) => 0,
        (2, false) => -2,
        (3, false) => -6,
        _ => throw new AssessmentException("CertaintyRange", $"zekerheid moet 1, 2 of 3 zijn, niet {certainty}"),
    };

    public static QuizAttemptState Start(Quiz quiz, long seed, int attemptNumber)
    {
        var random = new SeededRandom(seed);
        var ids = quiz.Questions.Select(q => q.Id).ToList();
        if (quiz.Settings.Draw is { } draw && draw < ids.Count)
        {
            var drawn = random.Shuffle(ids).Take(draw).ToHashSet(StringComparer.Ordinal);
            ids = ids.Where(drawn.Contains).ToList();
        }

        if (quiz.Settings.Shuffle)
        {
            ids = random.Shuffle(ids);
        }

        var optionOrder = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var matchOrder = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var question in ids.Select(id => quiz.FindQuestion(id)!))
        {
            var optionIds = question.Options.Select(o => o.Id).ToList();
            optionOrder[question.Id] = question.Type switch
            {
                // Items to order always start shuffled (and never already solved); otherwise the author's order.
                QuestionType.Ordering => NotInOrder(random.Shuffle(optionIds), optionIds),
                QuestionType.Likert => optionIds,
                _ when quiz.Settings.Shuffle && question.Type != QuestionType.TrueFalse => random.Shuffle(optionIds),
                _ => optionIds,
            };
            if (question.Type == QuestionType.Matching)
            {
                matchOrder[question.Id] = NotInOrder(random.Shuffle(optionIds), optionIds);
            }
        }

        return new QuizAttemptState(quiz.Settings.Id, attemptNumber, seed, ids, optionOrder, matchOrder,
            new Dictionary<string, ItemState>(StringComparer.Ordinal), Submitted: false);
    }

    /// <summary>
    /// Records an answer. Immediate and interactive mode mark it at once; deferred mode keeps it (changeable)
    /// until the quiz is handed in. Likert and reflections are stored, never marked.
    /// </summary>
    public static QuizAttemptState Answer(Quiz quiz, QuizAttemptState state, string questionId, ItemResponse response)
    {
        if (state.Submitted)
        {
            throw new AssessmentException("AlreadySubmitted", "deze poging is al ingeleverd");
        }

        if (!state.QuestionOrder.Contains(questionId) || quiz.FindQuestion(questionId) is not { } question)
        {
            throw new AssessmentException("QuestionNotInAttempt", $"vraag '{questionId}' hoort niet bij deze poging");
        }

        var item = state.Item(questionId);
        if (item.Finished)
        {
            throw new AssessmentException("QuestionFinished", "deze vraag is al afgerond");
        }

        Validate(quiz, question, response);
        var settings = quiz.Settings;
        ItemState next;
        if (!question.IsGraded)
        {
            next = item with
            {
                Response = response,
                TriesUsed = item.TriesUsed + 1,
                Finished = settings.Feedback != FeedbackMode.Deferred,
                FeedbackShown = settings.Feedback != FeedbackMode.Deferred,
                Correct = null,
            };
        }
        else if (settings.Feedback == FeedbackMode.Deferred)
        {
            next = item with { Response = response, TriesUsed = 1 };
        }
        else
        {
            var tries = item.TriesUsed + 1;
            var (points, max, correct) = Mark(quiz, question, response, tries);
            var outOfTries = settings.Feedback == FeedbackMode.Immediate || tries >= settings.TriesPerQuestion;
            next = new ItemState(response, tries, Finished: correct || outOfTries, FeedbackShown: true, points, max, correct);
        }

        return state with { Items = With(state.Items, questionId, next) };
    }

    /// <summary>Hands the attempt in: everything is marked (unanswered items score zero) and all feedback shows.</summary>
    public static QuizAttemptState Submit(Quiz quiz, QuizAttemptState state)
    {
        if (state.Submitted)
        {
            throw new AssessmentException("AlreadySubmitted", "deze poging is al ingeleverd");
        }

        var items = new Dictionary<string, ItemState>(StringComparer.Ordinal);
        foreach (var id in state.QuestionOrder)
        {
            var question = quiz.FindQuestion(id)!;
            var item = state.Item(id);
            if (question.IsGraded && !(item.Finished && item.FeedbackShown))
            {
                var (points, max, correct) = item.Response is null
                    ? (0, MaxPoints(quiz, question), false)
                    : Mark(quiz, question, item.Response, Math.Max(1, item.TriesUsed));
                item = item with { Points = points, MaxPoints = max, Correct = correct };
            }

            items[id] = item with { Finished = true, FeedbackShown = true };
        }

        return state with { Items = items, Submitted = true };
    }

    public static QuizResult Result(Quiz quiz, QuizAttemptState state)
    {
        var graded = state.QuestionOrder.Select(id => quiz.FindQuestion(id)!).Where(q => q.IsGraded).ToList();
        var points = graded.Sum(q => state.Item(q.Id).Points);
        var max = graded.Sum(q => MaxPoints(quiz, q));
        var percent = max <= 0 ? 0 : Math.Round(100 * Math.Clamp(points, 0, max) / max, 1);
        bool? passed = quiz.Settings.PassPercent is { } pass && state.Submitted ? percent >= pass : null;
        var answered = state.QuestionOrder.Count(id => state.Item(id).Response is not null);
        return new QuizResult(points, max, percent, passed, answered, state.QuestionOrder.Count);
    }

    /// <summary>The maximum an item can earn: its weight, or three times it under certainty-based marking.</summary>
    public static double MaxPoints(Quiz quiz, Question question) =>
        !question.IsGraded ? 0 : question.Weight * (UsesCbm(quiz, question) ? 3 : 1);

    /// <summary>How right a response is, from 0 to 1, and whether it is fully right.</summary>
    public static (double Fraction, bool Correct) Fraction(Question question, ItemResponse response)
    {
        switch (question.Type)
        {
            case QuestionType.SingleChoice or QuestionType.TrueFalse:
            {
                var correct = response.Selected.Count == 1 && question.FindOption(response.Selected[0])?.Correct == true;
                return (correct ? 1 : 0, correct);
            }

            case QuestionType.MultipleResponse:
            {
                var right = question.Options.Where(o => o.Correct).Select(o => o.Id).ToHashSet();
                var chosen = response.Selected.ToHashSet();
                var hits = chosen.Count(right.Contains);
                var misses = chosen.Count - hits;
                var fraction = right.Count == 0 ? 0 : Math.Max(0, (double)(hits - misses) / right.Count);
                return (fraction, chosen.SetEquals(right));
            }

            case QuestionType.Ordering:
            {
                var expected = question.Options.Select(o => o.Id).ToList();
                var inPlace = expected.Where((id, i) => i < response.Selected.Count && response.Selected[i] == id).Count();
                return ((double)inPlace / expected.Count, inPlace == expected.Count);
            }

            case QuestionType.Matching:
            {
                var pairs = response.Selected.Select(p => p.Split(':')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
                var right = question.Options.Count(o => pairs.TryGetValue(o.Id, out var target) && target == o.Id);
                return ((double)right / question.Options.Count, right == question.Options.Count);
            }

            default:
                return (0, false);
        }
    }

    private static (double Points, double Max, bool Correct) Mark(Quiz quiz, Question question, ItemResponse response, int tries)
    {
        var (fraction, correct) = Fraction(question, response);
        var max = MaxPoints(quiz, question);
        if (UsesCbm(quiz, question))
        {
            return (question.Weight * CbmMark(response.Certainty ?? 1, correct), max, correct);
        }

        // Interactive mode: each extra try costs an equal share, like Moodle's penalty per try.
        var penalty = quiz.Settings.Feedback == FeedbackMode.Interactive
            ? Math.Max(0, 1 - ((double)(tries - 1) / quiz.Settings.TriesPerQuestion))
            : 1;
        return (question.Weight * fraction * penalty, max, correct);
    }

    private static bool UsesCbm(Quiz quiz, Question question) => quiz.Settings.CertaintyBasedMarking && question.IsChoice;

    private static void Validate(Quiz quiz, Question question, ItemResponse response)
    {
        var ids = question.Options.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        switch (question.Type)
        {
            case QuestionType.SingleChoice or QuestionType.TrueFalse or QuestionType.Likert when response.Selected.Count != 1 || !ids.Contains(response.Selected[0]):
                throw new AssessmentException("ChooseOne", "kies één antwoord");
            case QuestionType.MultipleResponse when response.Selected.Count == 0 || response.Selected.Any(s => !ids.Contains(s)) || response.Selected.Distinct().Count() != response.Selected.Count:
                throw new AssessmentException("ChooseAtLeastOne", "kies minstens één antwoord");
            case QuestionType.Ordering when !response.Selected.ToHashSet().SetEquals(ids) || response.Selected.Count != ids.Count:
                throw new AssessmentException("OrderAll", "zet alle stappen in een volgorde");
            case QuestionType.Matching when response.Selected.Count != ids.Count
                                            || response.Selected.Select(p => p.Split(':')).Any(p => p.Length != 2 || !ids.Contains(p[0]) || !ids.Contains(p[1]))
                                            || response.Selected.Select(p => p.Split(':')[0]).Distinct().Count() != ids.Count:
                throw new AssessmentException("MatchAll", "koppel elk onderdeel aan een antwoord");
            case QuestionType.Reflection when string.IsNullOrWhiteSpace(response.Text):
                throw new AssessmentException("ReflectionEmpty", "schrijf eerst je reflectie");
            case QuestionType.Reflection when response.Text!.Length > 4000:
                throw new AssessmentException("ReflectionTooLong", "je reflectie is te lang (maximaal 4000 tekens)");
        }

        if (UsesCbm(quiz, question) && response.Certainty is not (1 or 2 or 3))
        {
            throw new AssessmentException("CertaintyMissing", "geef aan hoe zeker je bent (1, 2 of 3)");
        }

        if (question.Type == QuestionType.Reflection && question.AskCertainty && response.Certainty is not (null or 1 or 2 or 3))
        {
            throw new AssessmentException("CertaintyRange", "zekerheid moet 1, 2 of 3 zijn");
        }
    }

    private static List<string> NotInOrder(List<string> shuffled, List<string> original)
    {
        if (shuffled.Count > 1 && shuffled.SequenceEqual(original))
        {
            shuffled.Add(shuffled[0]);
            shuffled.RemoveAt(0);
        }

        return shuffled;
    }

    private static Dictionary<string, ItemState> With(IReadOnlyDictionary<string, ItemState> items, string id, ItemState item) =>
        new(items, StringComparer.Ordinal) { [id] = item };
}
