"""Every screen and binding of the interactive session, through Textual's Pilot."""

import random

import pytest
from textual.widgets import Input, Select, Static, Tree

from dltutor.tui import make_app
from dltutor.tui.app import TooSmall
from dltutor.tui.lab import Lab
from dltutor.tui.learn import LearnScreen
from dltutor.tui.quiz_screen import QuizScreen
from dltutor.tui.stats_screen import StatsScreen

from .conftest import NOW
from .test_snapshots import settled

pytestmark = pytest.mark.asyncio


def text_of(widget: Static) -> str:
    return str(widget.render())


async def test_starts_on_the_first_card_with_its_scene(app):
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, LearnScreen)
        first = next(iter(app.deck.cards))
        assert screen.current == first
        lab = screen.query_one("#lab", Lab)
        assert lab.scene is not None and lab.result is not None
        assert "dltutor plot" in text_of(lab.query_one("#command", Static))


async def test_the_tree_following_one_card_never_reopens_it_after_another_is_opened(app):
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        screen = app.screen
        first = screen.current
        tree = screen.query_one("#topics", Tree)
        with screen.prevent(Tree.NodeHighlighted):
            tree.cursor_line = 0  # the cursor elsewhere (on the first topic)
        screen._point_tree_at(first)  # the cursor follows the open card (after a refresh, normally)...
        screen.open_card("momentum")  # ...and the learner opens another before the tree's messages run
        opened = []
        open_card = screen.open_card
        screen.open_card = lambda card_id, **kw: (opened.append(card_id), open_card(card_id, **kw))
        await settled(pilot)
        assert opened == []  # no stale highlight reopened the first card (nor the two took turns)
        assert screen.current == "momentum" and tree.cursor_node.data == "momentum"


async def test_n_and_p_move_between_cards_and_the_last_card_reopens(app, store):
    ids = list(app.deck.cards)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("n", "n")
        assert app.screen.current == ids[2]
        await pilot.press("p")
        assert app.screen.current == ids[1]
    assert store.get("last_card") == ids[1]
    again = make_app(store=store, now=lambda: NOW)
    async with again.run_test(size=(140, 45)):
        assert again.screen.current == ids[1]


async def test_arrow_keys_in_the_tree_open_cards(app):
    ids = list(app.deck.cards)
    async with app.run_test(size=(140, 45)) as pilot:
        app.screen.query_one("#topics", Tree).focus()
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.current == ids[1]


async def test_lab_keys(app):
    async with app.run_test(size=(140, 45)) as pilot:
        app.screen.open_card("momentum")
        lab = app.screen.query_one("#lab", Lab)
        await settled(pilot)
        await pilot.press("space")
        assert lab.playing
        await pilot.pause(0.2)
        await pilot.press("space")
        assert not lab.playing and 0 < lab.progress < 1
        await pilot.press("r")
        assert lab.progress == pytest.approx(1 / 60)
        await pilot.press("full_stop")
        assert lab.progress == pytest.approx(2 / 60)
        lr = lab.resolved["lr"]
        await pilot.press("right_square_bracket")
        assert lab.resolved["lr"] == pytest.approx(2 * lr)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert lab.resolved["lr"] == pytest.approx(lr / 2)
        await pilot.press("plus")
        assert lab.fps == 30
        await pilot.press("c")
        assert app.clipboard.startswith("dltutor plot optimizers")


async def test_knobs_resimulate_and_bad_values_say_why(app):
    async with app.run_test(size=(140, 45)) as pilot:
        app.screen.open_card("momentum")
        await settled(pilot)  # the knobs join after the first frame
        lab = app.screen.query_one("#lab", Lab)
        lr = lab.query_one("#knob-lr", Input)
        lr.value = "0.01"
        lr.focus()
        await pilot.press("enter")
        assert lab.resolved["lr"] == 0.01 and "--lr=0.01" in text_of(lab.query_one("#command", Static))
        lr.value = "-3"
        await pilot.press("enter")
        assert "learning rate (all): must be a number > 0" in text_of(lab.query_one("#error", Static))
        assert lab.resolved["lr"] == 0.01  # the last good scene stays
        params = lab.query_one("#knob-params", Input)
        params.value = "momentum.momentum=0.5"
        params.focus()
        await pilot.press("enter")
        momentum = next(c for c in lab.resolved["optimizers"] if c["name"] == "momentum")
        assert momentum["params"]["momentum"] == 0.5 and lab.resolved["lr"] == 0.01  # one knob at a time


async def test_a_knob_keeps_the_rest_of_the_cards_scene_and_backspace_restores_it(app):
    async with app.run_test(size=(140, 45)) as pilot:
        app.screen.open_card("adamw")  # a custom surface, its own start and params
        await settled(pilot)
        lab = app.screen.query_one("#lab", Lab)
        card = lab.scene
        assert card.options["surface"] not in ("ravine",)
        steps = lab.query_one("#knob-steps", Input)
        steps.value = "50"
        steps.focus()
        await pilot.press("enter")
        assert lab.resolved["steps"] == 50
        assert lab.scene.options["surface"] == card.options["surface"] and lab.scene.params == card.params
        assert {k: v for k, v in lab.scene.options.items() if k != "steps"} == \
            {k: v for k, v in card.options.items() if k != "steps"}
        app.screen.set_focus(None)
        await pilot.press("right_square_bracket")  # doubles lr and keeps the rest too
        assert lab.scene.options["surface"] == card.options["surface"]
        await pilot.press("backspace")
        assert lab.scene is card


@pytest.mark.parametrize("moment", ["_knob_rows", "_fill_knobs", "_simulated", "redraw", "_tick"])
async def test_quitting_at_any_moment_of_the_lab_raises_nothing(app, monkeypatch, moment):
    """The app is told to quit exactly as the lab mounts its knobs, fills them, receives a
    simulation, draws, or animates (a user's Ctrl+Q racing start-up once printed a traceback)."""
    original = getattr(Lab, moment)
    calls = []

    def quit_first(self, *args, **kwargs):
        if not calls:
            calls.append(moment)
            self.app.exit()
            if moment == "_fill_knobs":  # as shutdown does: the Selects' own children already gone
                for select in self.query(Select).results():
                    select.query("*").remove()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Lab, moment, quit_first)
    async with app.run_test(size=(120, 40)) as pilot:  # run_test re-raises what the app raised
        app.screen.open_card("momentum")
        if moment == "_tick":
            await settled(pilot)
            await pilot.press("space")
        for _ in range(200):  # until the moment comes (a loaded machine simulates slowly)
            await pilot.pause(0.05)
            if calls:
                break
    assert calls == [moment]


async def test_quiz_screen_saves_answers(app, store):
    async with app.run_test(size=(140, 45)) as pilot:
        app.screen.open_card("inverted-dropout")
        await pilot.press("q")
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        answered = 0
        for _ in range(3):
            answer = screen.query_one("#answer", Input)
            answer.value = "a" if screen.asked.instance.kind in ("choice", "multi", "order") else "1"
            if screen.asked.instance.kind == "truefalse":
                answer.value = "t"
            await pilot.press("enter")
            if screen.result is not None:
                answered += 1
                await pilot.press("enter")
        assert answered >= 2
        reviews = list(store.reviews(since=NOW))
        assert len(reviews) == answered and all(r.card_id == "inverted-dropout" for r in reviews)
        await pilot.press("escape")
        assert isinstance(app.screen, LearnScreen)


async def test_easy_after_a_right_answer_is_stored(app, store):
    async with app.run_test(size=(140, 45)) as pilot:
        app.start_quiz(card="inverted-dropout")
        await pilot.pause()
        screen = app.screen
        key = screen.asked.instance
        from tests.test_content import ideal_answer

        screen.query_one("#answer", Input).value = ideal_answer(key)
        await pilot.press("enter")
        assert screen.result.feedback.correct
        await pilot.press("e")
        assert [r.rating for r in store.reviews()] == [4]


async def test_review_with_nothing_due(app):
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("R")
        assert isinstance(app.screen, QuizScreen)
        assert "Nothing to ask" in text_of(app.screen.query_one("#heading", Static))


async def test_stats_screen(app):
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("S")
        assert isinstance(app.screen, StatsScreen)
        assert "Reviews, last 16 weeks" in text_of(app.screen.query_one("#calendar", Static))


async def test_lab_screen_cycles_kinds(app):
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("L")
        lab = app.screen.query_one("#lab", Lab)
        assert lab.scene.kind == "optimizers"
        await pilot.press("k")
        assert lab.scene.kind == "schedules"
        await pilot.press("space")
        assert lab.playing


async def test_command_palette_goes_to_a_card(app):
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Card: AdamW")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.screen.current == "adamw"


async def test_help_panel_and_too_small(app):
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmall)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, LearnScreen)


async def test_narrow_terminal_toggles_card_and_lab(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert screen.has_class("narrow")
        assert screen.query_one("#card").display and not screen.query_one("#lab").display
        await pilot.press("l")
        assert screen.query_one("#lab").display and not screen.query_one("#card").display


@pytest.mark.slow
async def test_a_thousand_random_keys_and_resizes(app):
    keys = ["n", "p", "space", "full_stop", "r", "left_square_bracket", "right_square_bracket", "plus", "minus",
            "l", "up", "down", "enter", "tab", "escape", "q", "R", "S", "L", "k", "a", "1", "t", "backspace"]
    rng = random.Random(7)
    async with app.run_test(size=(120, 40)) as pilot:
        for i in range(1000):
            await pilot.press(rng.choice(keys))
            if i % 250 == 125:
                await pilot.resize_terminal(rng.choice([80, 100, 150]), rng.choice([24, 30, 45]))
        await pilot.pause()
        assert app.is_running


async def _search_and_open(pilot, words: str) -> None:
    """`/`, type, wait for the palette's single match, Enter: as a learner does it."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("slash")
    await pilot.press(*words)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    for _ in range(200):
        await pilot.pause(0.01)
        if palette.has_class("-ready") and palette.query_one(CommandList).option_count == 1:
            break
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("times", [4, pytest.param(100, marks=pytest.mark.slow)])
async def test_search_enter_opens_the_card_every_time(app, monkeypatch, times):
    """A card's topic expanding above the tree's cursor moved the old row under the cursor, and the
    tree announced it as a highlight after the jump: the old card reopened (3 times in 8)."""
    monkeypatch.setattr(LearnScreen, "_show_scene", lambda self, card: None)  # the lab plays no part here
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        tree = screen.query_one("#topics", Tree)
        missed = 0
        for i in range(times):
            screen.open_card(["relu", "mse", "step-decay", "dense-layers"][i % 4])  # below the optimizers topic
            await pilot.pause()
            screen._card_nodes["choosing-an-optimizer"].parent.collapse()
            tree.focus()
            await pilot.pause()
            await _search_and_open(pilot, "Choosing an")
            if screen.current != "choosing-an-optimizer" or tree.cursor_node.data != "choosing-an-optimizer":
                missed += 1
        assert missed == 0, f"{missed} of {times} searches did not open the card or left the tree elsewhere"
