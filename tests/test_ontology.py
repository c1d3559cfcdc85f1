"""The packaged CAMEO/PLOVER table: one canonical source of names, intensity and classes."""

from __future__ import annotations

import pytest

from dyadwatch.events import ontology
from dyadwatch.model import PLOVER_TYPES


def test_version_strings_name_the_scale():
    assert ontology.TABLE_VERSION.startswith("dyadwatch-ontology-")
    assert "GDELT" in ontology.INTENSITY_VERSION and "016" in ontology.INTENSITY_VERSION


def test_lookup_returns_the_full_entry():
    e = ontology.lookup("042")
    assert (e.code, e.root, e.name) == ("042", "04", "Make a visit")
    assert (e.plover_type, e.plover_mode, e.quad_class) == ("CONSULT", "visit", 1)
    assert e.intensity == pytest.approx(1.9)


def test_gdelt_values_are_canonical_and_icews_kept_where_they_differ():
    deny = ontology.lookup("016")
    assert deny.intensity == pytest.approx(-2.0) and deny.intensity_icews == pytest.approx(-5.0)
    assert ontology.lookup("022").intensity_icews == pytest.approx(3.4)
    assert ontology.lookup("042").intensity_icews is None  # same in both tables


def test_every_cameo_code_is_present_with_sane_values():
    codes = ontology.codes()
    assert len(codes) >= 310
    for code in codes:
        e = ontology.lookup(code)
        assert code.startswith(e.root)
        assert -10.0 <= e.intensity <= 10.0
        assert e.quad_class in (1, 2, 3, 4)
        assert e.plover_type is None or e.plover_type in PLOVER_TYPES


@pytest.mark.parametrize("code,quad", [("010", 1), ("020", 1), ("057", 1), ("072", 2),
                                       ("112", 3), ("130", 3), ("141", 4), ("163", 4),
                                       ("190", 4)])
def test_quad_class_follows_the_root(code, quad):
    assert ontology.lookup(code).quad_class == quad


def test_five_way_class_is_kept_for_comparison():
    assert ontology.lookup("010").penta_class == 0
    assert ontology.lookup("163").penta_class == 3  # root 16 is verbal conflict there


def test_documented_plover_choices():
    assert ontology.lookup("057").plover_type == "AGREE"
    assert ontology.lookup("163").plover_type == "SANCTION"
    assert ontology.lookup("0232").plover_type == "REQUEST"
    assert ontology.lookup("072").plover_mode == "military"
    assert ontology.lookup("010").plover_type is None


def test_unknown_code_is_a_clear_error():
    with pytest.raises(ontology.UnknownCodeError, match="999"):
        ontology.lookup("999")


def test_every_plover_type_has_a_default_code_of_that_type():
    for ptype in PLOVER_TYPES:
        assert ontology.lookup(ontology.default_code(ptype)).plover_type == ptype
    for ptype, modes in ontology.plover_modes().items():
        for mode in modes:
            assert ontology.lookup(ontology.default_code(ptype, mode)).plover_type == ptype


def test_default_code_uses_the_mode_and_falls_back_to_the_type():
    assert ontology.default_code("AID", "military") == "072"
    assert ontology.default_code("consult", "VISIT") == "042"
    assert ontology.default_code("AID", "no-such-mode") == ontology.default_code("AID")
