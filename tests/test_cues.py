"""attrib_cues: lexicon cues in every form, context disambiguation, not-cues."""

from __future__ import annotations

import pytest

from attrib.rules.lexicon import VerbEntry, expand, load_lexicon
from attrib.text import normalize


def cue_texts(nlp, text):
    doc = nlp(text)
    return [s.text for s in doc.spans["attrib_cue_candidates"]]


def test_lexicon_has_enough_reporting_verbs():
    lex = load_lexicon()
    lemmas = {form.lemma for form in lex.forms.values()}
    assert len(lemmas) >= 80


@pytest.mark.parametrize(
    "form",
    ["قال", "وقالت", "فقالوا", "يقول", "وتقول", "سيقول", "قلنا", "أكدنا", "اكد", "أكّد",
     "يؤكدون", "وأضاف", "وأضافت", "مضيفاً", "مؤكدة", "مشيرين", "ﻗﺎﻝ", "أكـــد", "وأكدتها"],
)
def test_surface_forms_hit_the_table(form):
    assert normalize(form) in load_lexicon().forms


def test_features_of_forms():
    forms = load_lexicon().forms
    assert forms[normalize("وقالت")].gender == "f"
    assert forms[normalize("وقالت")].proclitic == "و"
    assert forms[normalize("يقول")].gender == "m"
    assert forms[normalize("أكدنا")].person == 1
    assert forms[normalize("مؤكداً")].kind == "participle"
    assert forms[normalize("قالوا")].number == "p"


def test_expand_generates_tenses_and_clitics():
    entry = VerbEntry("صرح", "يصرح", "مصرح", (), "free", 0.9, ())
    forms = expand(entry)
    for surface in ["صرح", "وصرحت", "يصرحون", "ستصرح", "مصرحا", "صرحوا"]:
        assert normalize(surface) in forms


@pytest.mark.parametrize(
    "text, cue",
    [
        ("وقال الوزير إن الاتفاق قريب.", "وقال"),
        ("أكّد الرئيس أن الانتخابات ستجري في موعدها.", "أكّد"),
        ("وأشارت الوزارة إلى أن الإصابات تراجعت.", "وأشارت"),
        ("وأضاف، مؤكداً أن العمل مستمر.", "مؤكداً"),
        ("وبين المدير أن المشروع اكتمل.", "وبين"),
        ("بيّن الخبير أن الأسعار سترتفع.", "بيّن"),
        ("وتابع: «لن نسمح بذلك».", "وتابع"),
    ],
)
def test_cues_found(nlp, text, cue):
    assert cue in cue_texts(nlp, text)


def test_bayna_as_between_is_not_a_cue(nlp):
    assert cue_texts(nlp, "تعززت العلاقات بين العراق وإيران خلال العام الماضي.") == []


def test_asides_and_non_reports_are_not_cues(nlp):
    assert cue_texts(nlp, "يذكر أن الاجتماع عقد في العاصمة.") == []
    assert cue_texts(nlp, "ويشار إلى أن الطريق مغلق.") == []
    assert cue_texts(nlp, "أشاد الوزير بتركيا.") == []
    assert cue_texts(nlp, "التقى الوزير نظيره الفرنسي في باريس.") == []


def test_cues_inside_a_direct_quotation_are_ignored(nlp):
    text = 'وقال الوزير: "أكدنا أن التعاون مستمر".'
    assert cue_texts(nlp, text) == ["وقال"]


def test_nominal_cues(nlp):
    assert "بحسب" in cue_texts(nlp, "ارتفعت الأسعار بحسب وزارة الاقتصاد.")
    assert "وفقاً" in cue_texts(nlp, "ارتفعت الأسعار وفقاً للبنك المركزي.")
    assert "نقلاً" in cue_texts(nlp, "توقف القتال نقلاً عن مصادر محلية.")


def test_headline_colon_is_a_cue(nlp):
    doc = nlp("الوزير: لا تراجع عن خطة الإصلاح\nوفي التفاصيل...")
    colons = [s for s in doc.spans["attrib_cue_candidates"] if s.label_ == "COLON"]
    assert [c.text for c in colons] == [":"]


def test_byline_colon_is_not_a_cue(nlp):
    doc = nlp("سامي علي- الرياض: افتتح المعرض أبوابه اليوم")
    assert [s for s in doc.spans["attrib_cue_candidates"] if s.label_ == "COLON"] == []


def test_prayers_wishes_and_impersonal_forms_are_not_cues(nlp):
    assert "داعياً" not in cue_texts(nlp, "وختم حديثه داعياً الله أن يحفظ البلاد.")
    assert cue_texts(nlp, "ويعتقد أن المنفذ غادر المدينة.") == []
    assert cue_texts(nlp, "ويأمل الفريق أن يفوز بالبطولة.") == []


def test_negated_report_is_not_a_cue(nlp):
    assert cue_texts(nlp, "ولم تفصح الشرطة عن هوية المشتبه به.") == []


def test_full_stop_glued_between_words_splits_sentences(nlp):
    assert "وأضاف" in cue_texts(nlp, "انتهى الاجتماع.وأضاف المدير أن النتائج جيدة.")


def test_strict_verb_with_long_speaker_phrase_reaches_its_complementizer(nlp):
    # the speaker phrase runs past the adjunct window before ``أن``
    text = (
        "وذكر المدير التنفيذي لمعرض الكتاب السنوي الثالث في المدينة المنورة الأستاذ "
        "الدكتور سالم بن عبد الله بن علي الحربي أن المعرض يفتتح أبوابه غدا."
    )
    assert cue_texts(nlp, text) == ["وذكر"]
    atts = nlp(text)._.attributions
    assert [c.text for c in atts[0].contents] == ["المعرض يفتتح أبوابه غدا"]


def test_far_complementizer_after_a_comma_closes_the_phrase(nlp):
    text = (
        "وذكرت الجمعية الخيرية في تعليق قصير على موقعها الرسمي بشأن التقرير "
        "المالي السنوي الأخير، أن التبرعات تراجعت."
    )
    found = [
        (a.cue.text, a.source.text if a.source is not None else None, [c.text for c in a.contents])
        for a in nlp(text)._.attributions
    ]
    assert found == [("وذكرت", "الجمعية الخيرية", ["التبرعات تراجعت"])]


@pytest.mark.parametrize(
    "text",
    [
        "وذكر الكتاب قصة رجل عاش في قرية صغيرة على ضفاف النهر وأراد قبل أن يموت زيارة البحر.",
        "بين البيوت القديمة في الحي الشرقي من المدينة القديمة ممرات ضيقة يمكن للزائر أن يسلكها.",
    ],
)
def test_subjunctive_an_far_away_opens_no_frame(nlp, text):
    assert cue_texts(nlp, text) == []


def test_accusing_participle_with_its_object_is_a_cue(nlp):
    text = "وانتقد الوزير المعارضة، متهما إياها بالتحريض على العنف."
    assert cue_texts(nlp, text) == ["متهما"]
    atts = nlp(text)._.attributions
    assert [c.text for c in atts[0].contents] == ["بالتحريض على العنف"]


@pytest.mark.parametrize(
    "text",
    [
        "واعتقلت الشرطة رجلا متهما بسرقة سيارة.",  # accused of: passive
        "ومثل أمام المحكمة ستة متهمين في القضية.",  # defendants
    ],
)
def test_accused_is_no_cue(nlp, text):
    assert cue_texts(nlp, text) == []


def test_nominal_cue_before_a_quoted_name(nlp):
    atts = nlp('وبحسب "تسنيم" فإن النواب رفضوا المشروع.')._.attributions
    assert [(a.cue.text, [c.text for c in a.contents]) for a in atts] == [
        ("وبحسب", ["النواب رفضوا المشروع"])
    ]
    assert "تسنيم" in atts[0].source.text
