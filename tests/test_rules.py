import pytest

from dedupe import Rules, RulesError
from dedupe.rules import Survive


def test_default_rules_load_typed():
    rules = Rules.load("default")
    assert rules.blocking.max_block_size == 60
    assert "phone" in rules.blocking.passes
    assert 0 < rules.model.review_probability <= rules.model.match_probability < 1
    assert len(rules.digest) == 16
    # the shipped file spells out every survivorship default
    assert rules.survive == Survive()


def test_rules_file_round_trip(tmp_path):
    p = tmp_path / "r.toml"
    p.write_text('[columns]\n"客户" = "name"\n[model]\nmatch_probability = 0.9\n', encoding="utf-8")
    rules = Rules.load(p)
    assert rules.model.match_probability == 0.9
    assert rules.roles_for("any") == {"客户": "name"}


@pytest.mark.parametrize("text, message", [
    ("[blocking]\nbogus = 1\n", "unknown key 'blocking.bogus'"),
    ("[nonsense]\n", "unknown key 'nonsense'"),
    ("[model]\nmatch_probability = 'high'\n", "'model.match_probability' has bad value 'high'"),
    ("[model]\nmatch_probability = 0.2\nreview_probability = 0.5\n", "'model.match_probability' has bad value"),
    ("[blocking]\npasses = ['phone', 'telepathy']\n", "'blocking.passes' has bad value 'telepathy'"),
    ("[columns]\n\"联系人\" = \"person\"\n", "unknown role 'person'"),
    ("[sources.crm.columns]\n\"联系人\" = \"nom\"\n", "'sources.crm.columns.联系人' has unknown role 'nom'"),
    ("[survive]\nname = 'longest'\n", "'survive.name' has bad value 'longest'"),
    ("[survive]\nid_card = 'newest'\n", "'survive.id_card' has bad value 'newest'"),
    ("[survive]\nentity_name = 'first'\n", "'survive.entity_name' has bad value 'first'"),
    ("[model\n", "not valid TOML"),
])
def test_bad_rules_one_line_error_naming_key(tmp_path, text, message):
    p = tmp_path / "bad.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        Rules.load(p)
    assert message in str(err.value)
    assert str(p) in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_rules_file(tmp_path):
    with pytest.raises(RulesError, match="rules file not found"):
        Rules.load(tmp_path / "nope.toml")
