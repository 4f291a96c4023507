"""Implicit speakers and explicit-subject edge cases of the rule pipeline.

GUIDELINES: a cue without its own subject (``وأضاف:``, ``قائلاً``, ``حيث
قال``) points to the most recent earlier mention of its speaker in any role.
The examples are written for these tests.
"""

from __future__ import annotations


def found(nlp, text):
    """(cue, explicit source, antecedent, antecedent start char) per attribution."""
    out = []
    for a in nlp(text)._.attributions:
        ant = a.antecedent
        out.append((
            a.cue.text,
            a.source.text if a.source is not None else None,
            ant.text if ant is not None else None,
            ant.start_char if ant is not None else None,
        ))
    return out


def by_cue(nlp, text, cue):
    """The last attribution whose cue reads ``cue``."""
    hits = [f for f in found(nlp, text) if f[0] == cue]
    assert hits, found(nlp, text)
    return hits[-1]


def test_owner_of_a_statement_noun_is_the_speaker(nlp):
    text = 'جاء ذلك في تغريدة لسليم على حسابه الرسمي، حيث قال: "سنواصل العمل حتى النهاية".'
    cue, source, ant, start = by_cue(nlp, text, "قال")
    assert source is None
    assert ant == "لسليم" and start == text.index("لسليم")


def test_owner_is_not_an_adjective_after_the_noun(nlp):
    text = (
        "قال وزير الصحة رامي الشريف إن الوباء انحسر.\n"
        'وفي بيان لاحق، قال: "سنرفع القيود تدريجيا".'
    )
    cue, source, ant, _ = by_cue(nlp, text, "قال")
    assert ant != "لاحق"
    assert ant is not None and "الشريف" in ant


def test_latest_mention_by_name_is_preferred(nlp):
    text = (
        "قال رئيس الوزراء كمال الحسن إن الحكومة ستستمر في الإصلاح.\n"
        'وامتنع الحسن عن تحديد موعد الانتخابات.\nوتابع: "سنعلن ذلك قريبا".'
    )
    _, source, ant, start = by_cue(nlp, text, "وتابع")
    assert source is None
    assert ant == "الحسن" and start == text.index("وامتنع الحسن") + len("وامتنع ")


def test_title_only_speaker_borrows_the_name_of_its_first_mention(nlp):
    text = (
        "قال الرئيس الفرنسي، جان دوبوا، إن بلاده تدعم الاتفاق.\n"
        "وأضاف الرئيس الفرنسي أن المحادثات ستستأنف.\n"
        "وامتنع دوبوا عن الرد على الأسئلة.\n"
        'وتابع: "ليس هذا وقت التفاصيل".'
    )
    _, _, ant, start = by_cue(nlp, text, "وتابع")
    assert ant == "دوبوا" and start == text.rindex("دوبوا")


def test_adjective_is_not_taken_for_a_name(nlp):
    # ``الأمريكي`` in the speaker phrase is an adjective: its later use in
    # another phrase is no mention of the speaker.
    text = (
        "وقال المتحدث الأمريكي جون ماير إن الاتصالات مستمرة.\n"
        "وأشاد الإعلام الأمريكي بالخطوة.\n"
        'وأضاف: "لا نريد التصعيد".'
    )
    _, _, ant, start = by_cue(nlp, text, "وأضاف")
    assert ant != "الأمريكي"
    assert start is not None and start < text.index("وأشاد")


def test_fronted_topic_is_not_the_speaker(nlp):
    text = 'وقال الوزير حسن العلي إن الخطة جاهزة.\nوحول موعد التنفيذ، قال: "سنبدأ الشهر المقبل".'
    _, source, ant, _ = by_cue(nlp, text, "قال")
    assert source is None
    assert ant == "الوزير حسن العلي"


def test_prepositional_phrase_after_first_verb_is_not_a_subject(nlp):
    text = (
        "وقال المدير سامر الحداد إن الأرباح ارتفعت.\n"
        'وفيما يتعلق بتأثير القرار على الموظفين، قال: "لن يخسر أحد عمله".'
    )
    _, _, ant, _ = by_cue(nlp, text, "قال")
    assert ant == "المدير سامر الحداد"


def test_negated_verb_then_its_subject(nlp):
    text = (
        "قال المحافظ ناصر الدوري إن الطرق فتحت.\n"
        'ولم يحدد الدوري موعد افتتاح الجسر، قائلا: "الأمر بيد المقاول".'
    )
    _, _, ant, start = by_cue(nlp, text, "قائلا")
    assert ant is not None and ant.startswith("الدوري")
    assert start == text.index("يحدد الدوري") + len("يحدد ")


def test_topic_after_amma_is_the_speaker_even_if_it_looks_like_a_verb(nlp):
    text = 'وقالت نيلسون إن الخطر قائم. أما راي فاعتبر أن "التهديد مستمر".'
    assert ("فاعتبر", "راي", None, None) in found(nlp, text)
    assert all(f[0] != "راي" for f in found(nlp, text))


def test_demonstrative_subject(nlp):
    text = "وأوضحت هذه المصادر أن الاجتماع تأجل إلى الأسبوع المقبل."
    assert by_cue(nlp, text, "وأوضحت")[1] == "هذه المصادر"


def test_verb_with_content_preposition_has_no_explicit_subject(nlp):
    text = "وقال النائب سعيد الكعبي إن القانون ناقص، وطالب بتعديل المادة الثالثة."
    _, source, ant, _ = by_cue(nlp, text, "وطالب")
    assert source is None
    assert ant == "النائب سعيد الكعبي"


def test_name_nasr_is_not_a_first_person_verb(nlp):
    text = "أوضح نصر أن المقاومة تتقدم نحو المدينة."
    assert found(nlp, text) == [("أوضح", "نصر", None, None)]


def test_feminine_verb_takes_no_masculine_plural_subject(nlp):
    # ``واتهمت المزارعين``: a feminine singular verb never agrees with a
    # sound masculine plural, so that phrase is the object and the speaker
    # is the earlier feminine subject.
    text = (
        "قالت النقابة إن الأسعار مرتفعة.\n"
        'واتهمت المستوردين بـ"احتكار السوق".'
    )
    _, source, ant, _ = by_cue(nlp, text, "واتهمت")
    assert source is None
    assert ant == "النقابة"


def test_qailan_after_the_verb_only_opens_its_quotation(nlp):
    # ``وأردف الوزير قائلا: "..."``: one statement, cue وأردف; قائلا is no
    # second cue for the same quotation.
    text = 'وأردف الوزير قائلا: "سنواصل الإصلاحات حتى نهاية العام".'
    atts = nlp(text)._.attributions
    assert [(a.cue.text, a.source.text, [c.text for c in a.contents]) for a in atts] == [
        ("وأردف", "الوزير", ['"سنواصل الإصلاحات حتى نهاية العام"'])
    ]


def test_qailan_after_a_verb_with_its_own_content_is_a_cue(nlp):
    text = 'وحذر الوزير من الانسحاب، قائلا: "العواقب ستكون خطيرة".'
    cues = [a.cue.text for a in nlp(text)._.attributions]
    assert cues == ["وحذر", "قائلا"]


# -- gender and subjects of non-reporting verbs --------------------------------


def test_feminine_cue_skips_a_man_named_by_a_masculine_verb(nlp):
    # Names carry no gender mark: the verb that introduced each speaker does.
    text = (
        "قالت ليلى عواد إن المشروع تأخر شهرين.\n"
        "وقال سامي نصار إن التمويل متوفر.\n"
        'وأضافت: "سنبدأ العمل في الموقع غدا".'
    )
    _, source, ant, start = by_cue(nlp, text, "وأضافت")
    assert source is None
    assert ant is not None and "عواد" in ant and start < text.index("سامي")


def test_verb_gender_beats_a_feminine_looking_name_ending(nlp):
    # ``كوليه`` ends in ``ه`` like a feminine word, but ``قال`` marks a man.
    text = (
        'قالت المتحدثة إن الاجتماع انتهى.\nوقال كوليه إن "الحوار مستمر".\n'
        'وأضاف: "لن ننسحب من المفاوضات".'
    )
    _, source, ant, _ = by_cue(nlp, text, "وأضاف")
    assert source is None
    assert ant is not None and "كوليه" in ant


def test_subject_of_a_feminine_non_reporting_verb_is_an_antecedent(nlp):
    text = (
        "قال المدير إن الشركة ستوسع نشاطها.\n"
        "ورفضت ماري حداد العرض بعد نقاش طويل.\n"
        'وقالت للصحفيين: "لن أوقع على هذا العقد".'
    )
    _, source, ant, start = by_cue(nlp, text, "وقالت")
    assert source is None
    assert ant is not None and "حداد" in ant and start > text.index("ورفضت")


def test_feminine_verb_before_a_prepositional_phrase_gives_no_antecedent(nlp):
    # ``تطرقت للحديث``: a prepositional phrase is no subject.
    text = (
        "قالت الوزيرة سعاد إن الخطة جاهزة.\n"
        "وتطرقت للحديث عن الميزانية.\n"
        'وأضافت: "التنفيذ يبدأ الشهر المقبل".'
    )
    _, _, ant, _ = by_cue(nlp, text, "وأضافت")
    assert ant is not None and "للحديث" not in ant and "الوزيرة" in ant


# -- nominal cues as antecedents -----------------------------------------------


def test_speaker_of_a_nominal_cue_carries_over_to_a_participle(nlp):
    # ``حسب X`` yields no content of its own here (the clause is ``وأوضح``'s),
    # yet X is still the latest speaker mentioned before ``مضيفا``.
    text = (
        "قال الناطق باسم الشرطة إن الدوريات تكثفت.\n"
        "وأوضح أن الأسلحة وجدت في المنزل حسب تصريح المصدر الأمني، "
        "مضيفا أنه تم استدعاء صاحبه للتحقيق."
    )
    _, source, ant, _ = by_cue(nlp, text, "مضيفا")
    assert source is None
    assert ant is not None and "المصدر الأمني" in ant


def test_a_relaying_outlet_is_not_the_antecedent(nlp):
    text = (
        "وأشارت منى سالم إلى أن عدد المعتقلين ارتفع.\n"
        'وحسب رويترز، قالت أمام اللجنة "نشعر بقلق بالغ من هذه الأرقام".'
    )
    _, source, ant, _ = by_cue(nlp, text, "قالت")
    assert source is None
    assert ant is not None and "رويترز" not in ant and "سالم" in ant


def test_byline_line_does_not_hide_the_first_sentence_subject(nlp):
    # A byline line has no full stop; ``ألقت`` (normalised ``القت``) is a verb.
    text = (
        "سامر الخطيب – عمان\n"
        "ألقت الكاتبة نوال يوسف محاضرة عن الرواية العربية في المكتبة الوطنية.\n"
        'وقالت: "القراءة ما زالت بخير".'
    )
    _, source, ant, _ = by_cue(nlp, text, "وقالت")
    assert source is None
    assert ant is not None and "نوال" in ant
