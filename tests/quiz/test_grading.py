"""Grading: tables of answers a learner types, and properties that must hold for any input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dltutor.quiz.grading import Unreadable, grade, normalise, parse_number, right_answer
from dltutor.quiz.models import Instance


def inst(kind, **data):
    return Instance(kind, "prompt", data, "because", question_id="q", card="c")


CHOICE = inst("choice", choices=["alpha", "beta", "gamma"], answer="beta")
MULTI = inst("multi", choices=["w", "x", "y", "z"], answers=["x", "z"])
ORDER = inst("order", items=["first", "second", "third"], shown=["third", "first", "second"])
NUM_ABS = inst("numeric", answer=2.0, tolerance={"abs": 0.01}, unit=None)
NUM_REL = inst("numeric", answer=1 / 0.7, tolerance={"rel": 1e-3}, unit=None)
NUM_UNIT = inst("numeric", answer=64.0, tolerance={"abs": 0.5}, unit="units")
TEXT = inst("text", answers=["SGDR", "stochastic gradient descent with warm restarts"])
TF = inst("truefalse", answer=True)


@pytest.mark.parametrize(
    "instance, text, correct",
    [
        (CHOICE, "b", True),
        (CHOICE, "B", True),
        (CHOICE, "2", True),
        (CHOICE, "b)", True),
        (CHOICE, "beta", True),
        (CHOICE, "a", False),
        (CHOICE, "3", False),
        (MULTI, "b,d", True),
        (MULTI, "d b", True),
        (MULTI, "bd", True),
        (MULTI, "2 4", True),
        (MULTI, "b", False),
        (MULTI, "b d a", False),
        (ORDER, "b c a", True),
        (ORDER, "bca", True),
        (ORDER, "a b c", False),
        (TF, "t", True),
        (TF, "True", True),
        (TF, "yes", True),
        (TF, "f", False),
        (TF, "no", False),
        (NUM_ABS, "2", True),
        (NUM_ABS, "2.005", True),
        (NUM_ABS, "2.02", False),
        (NUM_ABS, "200%", True),
        (NUM_ABS, "4/2", True),
        (NUM_ABS, "2e0", True),
        (NUM_ABS, "= 2.0", True),
        (NUM_REL, "1/0.7", True),
        (NUM_REL, "1.4286", True),
        (NUM_REL, "1.44", False),
        (NUM_REL, "142.857%", True),
        (NUM_UNIT, "64 units", True),
        (NUM_UNIT, "64", True),
        (NUM_UNIT, "1,000", False),
        (TEXT, "sgdr", True),
        (TEXT, "  Stochastic gradient-descent with WARM restarts. ", True),
        (TEXT, "sgd", False),
    ],
)
def test_answers_as_learners_type_them(instance, text, correct):
    assert grade(instance, text).correct is correct


@pytest.mark.parametrize(
    "instance, text, hint",
    [
        (CHOICE, "z", "letter a–c"),
        (CHOICE, "7", "number 1–3"),
        (MULTI, "b q", "letter a–d"),
        (ORDER, "a b", "all 3 letters"),
        (ORDER, "a a b", "once each"),
        (TF, "maybe", "t or f"),
        (NUM_ABS, "two", "a number"),
        (NUM_ABS, "1/0", "finite"),
        (NUM_ABS, "", "type an answer"),
    ],
)
def test_unreadable_answers_are_refused_politely(instance, text, hint):
    with pytest.raises(Unreadable, match=hint):
        grade(instance, text)


NUMERIC_CHOICES = inst("choice", choices=["1", "0.01", "0"], answer="0.01")


@pytest.mark.parametrize("text, correct", [("0.01", True), ("b", True), ("1", False), ("0", False)])
def test_a_typed_number_means_the_choice_with_that_text_not_a_position(text, correct):
    assert grade(NUMERIC_CHOICES, text).correct is correct


def test_positions_are_not_offered_when_choices_are_numbers():
    with pytest.raises(Unreadable, match="letter a–c$"):
        grade(NUMERIC_CHOICES, "2")


def test_feedback_writes_the_right_answer_out():
    assert right_answer(CHOICE) == "b) beta"
    assert right_answer(MULTI) == "b) x, d) z"
    assert right_answer(ORDER) == "b c a: first → second → third"
    assert right_answer(NUM_REL) == "1.42857 (±0.1%)"
    assert right_answer(NUM_UNIT) == "64 units (±0.5)"
    feedback = grade(CHOICE, "a")
    assert (feedback.correct, feedback.explanation, feedback.card) == (False, "because", "c")


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_any_number_written_with_repr_parses_back_exactly(x):
    assert parse_number(repr(x)) == x
    assert parse_number(f"{x:e}") == pytest.approx(x, rel=1e-6, abs=1e-300)


@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_fractions_and_percentages(top, bottom):
    assert parse_number(f"{top}/{bottom}") == pytest.approx(top / bottom)
    assert parse_number(f"{top}%") == pytest.approx(top / 100)


@settings(max_examples=200)
@given(st.permutations([0, 1, 2, 3]), st.sampled_from([",", " ", ", ", ";"]))
def test_multi_answers_in_any_order_and_separator(order, sep):
    letters = [("a", "b", "c", "d")[i] for i in order if i in (1, 3)]
    assert grade(MULTI, sep.join(letters)).correct


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_any_text_is_graded_or_politely_refused(text):
    for instance in (CHOICE, MULTI, ORDER, TF, NUM_ABS, NUM_REL, TEXT):
        try:
            assert grade(instance, text).correct in (True, False)
        except Unreadable as err:
            assert str(err) and "\n" not in str(err)


def test_normalise_folds_case_spacing_and_punctuation():
    assert normalise("  Leaky-ReLU,  α=0.01! ") == "leaky relu α 0 01"


ORDERS = inst(
    "order",
    items=["zero", "forward", "backward", "step"],
    orders=[["forward", "zero", "backward", "step"]],
    shown=["step", "backward", "forward", "zero"],
)


@pytest.mark.parametrize(
    "text, correct", [("d c b a", True), ("c d b a", True), ("d b c a", False), ("c b d a", False), ("a b c d", False)]
)
def test_an_order_question_accepts_each_of_its_orders_and_nothing_else(text, correct):
    assert grade(ORDERS, text).correct is correct


def test_feedback_writes_every_accepted_order_out():
    assert right_answer(ORDERS) == (
        "d c b a: zero → forward → backward → step; also right: c d b a: forward → zero → backward → step"
    )


def text_q(*answers):
    return inst("text", answers=list(answers))


@pytest.mark.parametrize(
    "answers, typed",
    [
        (["sigmoid"], "sigmoid(x)"),
        (["sigmoid"], "Sigmoid()"),
        (["sigmoid"], "torch.sigmoid"),
        (["sigmoid"], "nn.Sigmoid()"),
        (["σ"], "σ(x)"),
        (["σ"], "sigma"),
        (["tanh"], "tanh(x)"),
        (["tanh"], "torch.tanh"),
        (["tanh"], "nn.Tanh"),
        (["tanh"], "torch.nn.Tanh()"),
        (["tanh"], "F.tanh(input)"),
        (["tanh"], "torch.nn.functional.tanh"),
        (["gelu"], "nn.functional.gelu(x)"),
        (["leaky_relu"], "nn.LeakyReLU"),
        (["leaky_relu"], "F.leaky_relu(x)"),
        (["leaky relu"], "LeakyReLU"),
        (["model.eval()"], "net.eval()"),
        (["model.eval()"], "self.eval()"),
        (["model.eval()"], "eval()"),
        (["eval()"], "model.eval"),
        (["model.eval()"], "self.model.eval()"),
        (["model.train(False)"], "net.train(False)"),
        (["alpha"], "α"),
        (["α"], "Alpha"),
        (["eta_min"], "η_min"),
        (["η_min"], "eta min"),
        (["lambda"], "λ"),
        (["mu"], "µ"),
        (["beta"], "β"),
        (["gamma"], "γ"),
        (["epsilon"], "ε"),
        (["theta"], "θ"),
        (["kappa"], "κ"),
        (["LambdaLR"], "torch.optim.lr_scheduler.LambdaLR"),
        (["SGD"], "torch.optim.SGD"),
        (["kaiming_normal_"], "nn.init.kaiming_normal_"),
        (["update gate"], "the update gate"),
        (["Tikhonov regularization"], "Tikhonov regularisation"),
        (["back-translation"], "backtranslation"),
        (["contrastive divergence", "CD-1"], "contrastive divergence (CD-1)"),
        (["Beta(α, α)"], "beta(alpha, alpha)"),
        (["get_last_lr"], "get_last_lr()"),
    ],
)
def test_fair_spellings_of_a_right_text_answer_are_right(answers, typed):
    assert grade(text_q(*answers), typed).correct


@pytest.mark.parametrize(
    "answers, typed",
    [
        (["relu"], "leaky_relu"),
        (["leaky_relu"], "relu"),
        (["relu"], "nn.LeakyReLU"),
        (["relu"], "F.relu6"),
        (["relu"], "prelu"),
        (["relu"], "ReLU6"),
        (["elu"], "selu"),
        (["elu"], "gelu"),
        (["gelu"], "elu"),
        (["sigmoid"], "hardsigmoid"),
        (["sigmoid"], "logsigmoid"),
        (["tanh"], "hardtanh"),
        (["tanh"], "tanhshrink"),
        (["softmax"], "log_softmax"),
        (["softmax"], "F.log_softmax(x)"),
        (["model.eval()"], "model.train()"),
        (["model.eval()"], "train()"),
        (["model.train(False)"], "model.train()"),
        (["model.train(False)"], "model.train(True)"),
        (["requires_grad_(False)"], "requires_grad_(True)"),
        (["requires_grad_(False)"], "requires_grad_()"),
        (["model.eval()"], "model.evaluate()"),
        (["alpha"], "β"),
        (["β"], "alpha"),
        (["eta"], "θ"),
        (["eta_min"], "eta_max"),
        (["η_min"], "η"),
        (["Beta(α, α)"], "beta(alpha, beta)"),
        (["Beta(α, α)"], "beta"),
        (["SGD"], "torch.optim.SparseAdam"),
        (["update gate"], "reset gate"),
        (["contrastive divergence", "CD-1"], "contrastive divergence (persistent CD)"),
        (["contrastive divergence"], "contrastive (CD-1)"),
        (["nesterov"], "nesterov=False"),
        (["relu"], "relu (leaky)"),
        (["leaky relu"], "relu (leaky)"),
        (["sigmoid"], "sigmoid (or tanh)"),
        (["dropout"], "dropout2d"),
        (["adam"], "adamw"),
        (["adamw"], "adam"),
    ],
)
def test_normalisation_never_makes_a_wrong_text_answer_right(answers, typed):
    assert not grade(text_q(*answers), typed).correct


def test_a_text_answer_that_folds_to_nothing_is_never_right():
    assert not grade(text_q("()"), "[]").correct or normalise("()") == normalise("[]")
    assert not grade(text_q("tanh"), "()").correct


NUM_PERCENT = inst("numeric", answer=7.0, tolerance={"abs": 0.01}, unit="%")
NUM_POINTS = inst("numeric", answer=7.0, tolerance={"abs": 0.01}, unit="percentage points")
NUM_FRACTION = inst("numeric", answer=0.94, tolerance={"abs": 0.005}, unit=None)
NUM_BIG = inst("numeric", answer=1792.0, tolerance={"abs": 0.5}, unit=None)
NUM_EPOCHS = inst("numeric", answer=14.0, tolerance={"abs": 0.5}, unit="epochs")


@pytest.mark.parametrize(
    "instance, text, correct",
    [
        (NUM_PERCENT, "7", True),
        (NUM_PERCENT, "7%", True),
        (NUM_PERCENT, "7 %", True),
        (NUM_PERCENT, "7 percent", True),
        (NUM_PERCENT, "0.07", False),
        (NUM_PERCENT, "700%", False),
        (NUM_POINTS, "7", True),
        (NUM_POINTS, "7%", True),
        (NUM_POINTS, "7 pp", True),
        (NUM_POINTS, "7 points", True),
        (NUM_POINTS, "0.07", False),
        (NUM_FRACTION, "94%", True),
        (NUM_FRACTION, "0.94", True),
        (NUM_FRACTION, "94 %", True),
        (NUM_FRACTION, "94", False),
        (NUM_BIG, "1,792", True),
        (NUM_BIG, "1 792", True),
        (NUM_BIG, "1_792", True),
        (NUM_BIG, "1792", True),
        (NUM_BIG, "1.792e3", True),
        (NUM_BIG, "3584/2", True),
        (NUM_BIG, "3,584 / 2", True),
        (NUM_BIG, "1,793", False),
        (NUM_EPOCHS, "14 epochs", True),
        (NUM_EPOCHS, "14 epoch", True),
        (NUM_EPOCHS, "14", True),
    ],
)
def test_numbers_with_separators_and_percentages(instance, text, correct):
    assert grade(instance, text).correct is correct


@pytest.mark.parametrize("text", ["1,79", "17,92", "1,7920", "1 79 2", "1 2", "1,792_000", "1.792,5"])
def test_misgrouped_numbers_are_unreadable_not_guessed(text):
    with pytest.raises(Unreadable):
        parse_number(text)


BIG_CHOICE = inst("choice", choices=["1,792", "1,728", "640", "It depends on the image size"], answer="1,792")


@pytest.mark.parametrize(
    "text, correct",
    [("1792", True), ("1,792", True), ("1 792", True), ("a", True), ("1728", False), ("640", False), ("c", False)],
)
def test_a_choice_written_with_separators_can_be_typed_without_them(text, correct):
    assert grade(BIG_CHOICE, text).correct is correct
