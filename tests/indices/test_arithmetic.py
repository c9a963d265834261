"""The index arithmetic on its own: rounding, ranks, bands, averages, the tree
rules, and hypothesis properties (percent within 0–100, ranks consistent with
percents, N/A never increases the maximum)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from indices import arithmetic
from indices.arithmetic import LeafScores, TreeNode

D = Decimal


def test_percent_rounds_half_up_to_two_decimals():
    assert arithmetic.percent_of(D("69.25"), D("71.5")) == D("96.85")  # 96.853…
    assert arithmetic.percent_of(D("1"), D("8")) == D("12.50")
    assert arithmetic.percent_of(D("0.0625"), D("1")) == D("6.25")
    # 2/3 = 66.666… → 66.67; 0.00125 → half-up on the third decimal
    assert arithmetic.percent_of(D("2"), D("3")) == D("66.67")
    assert arithmetic.quantize(D("88.045")) == D("88.05")
    assert arithmetic.percent_of(D("5"), D("0")) is None


def test_competition_ranks_share_ties_and_skip():
    ranks = arithmetic.competition_ranks(
        {"a": D("95"), "b": D("90"), "c": D("90"), "d": D("80"), "e": None}
    )
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}


def test_band_is_the_highest_threshold_reached():
    bands = [("Tốt", D(90)), ("Khá", D(80)), ("Trung bình", D(65)), ("Yếu", D(0))]
    assert arithmetic.band_for(D("90.00"), bands) == "Tốt"
    assert arithmetic.band_for(D("89.99"), bands) == "Khá"
    assert arithmetic.band_for(D("0"), bands) == "Yếu"
    assert arithmetic.band_for(None, bands) == ""


def test_group_average_is_the_mean_of_percents_rounded_half_up():
    assert arithmetic.group_average([D("90.01"), D("90.02")]) == D("90.02")  # 90.015
    assert arithmetic.group_average([None]) is None


TREE = [
    TreeNode("1", None, D("6"), is_leaf=False),
    TreeNode("1.1", "1", D("4"), is_leaf=False),
    TreeNode("1.1.1", "1.1", D("1.5")),
    TreeNode("1.1.2", "1.1", D("2.5")),
    TreeNode("1.2", "1", D("2")),
    TreeNode("2", None, D("4"), method="survey"),
]


def test_tree_sums_children_and_removes_not_applicable_maxima():
    result = arithmetic.compute_tree(
        TREE,
        {
            "1.1.1": LeafScores(self_score=D("1.5"), appraised_score=D("1")),
            "1.1.2": LeafScores(not_applicable=True),
            "1.2": LeafScores(appraised_score=D("2")),
            "2": LeafScores(survey_score=D("3")),
        },
        low_threshold=D(70),
    )
    assert result.nodes["1.1"].applicable_max == D("1.5")
    assert result.nodes["1.1"].points == D("1")
    assert result.nodes["1.1"].percent == D("66.67")
    assert result.nodes["1.1"].is_low
    assert result.nodes["1"].applicable_max == D("3.5")
    assert result.nodes["1"].points == D("3")
    assert result.nodes["1.1.2"].percent is None
    assert (result.total_points, result.applicable_max) == (D("6"), D("7.5"))
    assert result.percent == D("80.00")
    assert not result.is_provisional


def test_missing_appraisal_counts_the_self_score_and_is_provisional():
    result = arithmetic.compute_tree(
        TREE,
        {
            "1.1.1": LeafScores(self_score=D("1.5")),
            "1.1.2": LeafScores(appraised_score=D("2.5")),
            "1.2": LeafScores(appraised_score=D("2")),
            "2": LeafScores(survey_score=D("4")),
        },
        low_threshold=D(70),
    )
    assert result.total_points == D("10")
    assert result.is_provisional
    assert result.nodes["1.1"].pending == 1 and result.nodes["1.2"].pending == 0


def test_survey_node_without_survey_score_is_provisional_and_scores_nothing():
    result = arithmetic.compute_tree(
        TREE,
        {"2": LeafScores(self_score=D("4"))},
        low_threshold=D(70),
    )
    assert result.nodes["2"].points == 0
    assert result.is_provisional
    # Self totals cover the appraisal leaves only.
    assert result.self_total == 0


# --- Properties ----------------------------------------------------------------------

points = st.decimals(min_value=0, max_value=20, places=2)


@st.composite
def scored_trees(draw):
    """A random two- or three-level tree with scores within each leaf's maximum."""
    nodes, scores = [], {}
    for f in range(draw(st.integers(1, 4))):
        children = draw(st.integers(0, 3))
        leaf_maxima = [draw(points.filter(lambda p: p > 0)) for _ in range(children)]
        field_max = (
            sum(leaf_maxima, D(0)) if children else draw(points.filter(lambda p: p > 0))
        )
        method = draw(st.sampled_from(["appraisal", "survey"]))
        nodes.append(TreeNode(f"{f}", None, field_max, method, is_leaf=not children))
        leaves = (
            [(f"{f}.{c}", m) for c, m in enumerate(leaf_maxima)]
            if children
            else [(f"{f}", field_max)]
        )
        for code, maximum in leaves:
            if children:
                nodes.append(TreeNode(code, f"{f}", maximum, method))
            value = draw(st.decimals(min_value=0, max_value=maximum, places=2))
            scores[code] = LeafScores(
                self_score=value,
                appraised_score=value if draw(st.booleans()) else None,
                survey_score=value,
                not_applicable=draw(st.booleans()),
            )
    return nodes, scores


@given(scored_trees())
def test_percent_is_always_within_0_and_100(tree):
    nodes, scores = tree
    result = arithmetic.compute_tree(nodes, scores, low_threshold=D(70))
    for node_result in [*result.nodes.values()]:
        if node_result.percent is not None:
            assert 0 <= node_result.percent <= 100
        assert 0 <= node_result.points <= node_result.applicable_max
    if result.percent is not None:
        assert 0 <= result.percent <= 100


@given(scored_trees(), st.data())
def test_not_applicable_never_increases_the_maximum(tree, data):
    nodes, scores = tree
    before = arithmetic.compute_tree(nodes, scores, low_threshold=D(70))
    code = data.draw(st.sampled_from(sorted(scores)))
    flipped = {**scores, code: LeafScores(not_applicable=True)}
    after = arithmetic.compute_tree(nodes, flipped, low_threshold=D(70))
    assert after.applicable_max <= before.applicable_max
    for node_id, result in after.nodes.items():
        assert result.applicable_max <= before.nodes[node_id].applicable_max


@given(st.dictionaries(st.integers(0, 500), st.decimals(0, 100, places=2), max_size=60))
def test_ranks_are_consistent_with_percents(percents):
    ranks = arithmetic.competition_ranks(percents)
    for a, pa in percents.items():
        # rank = 1 + number of strictly better percents
        assert ranks[a] == 1 + sum(pb > pa for pb in percents.values())
        for b, pb in percents.items():
            if pa > pb:
                assert ranks[a] < ranks[b]
            elif pa == pb:
                assert ranks[a] == ranks[b]
