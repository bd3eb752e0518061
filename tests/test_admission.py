"""What newsaudit refuses to judge: an article in another language, or too short to score, is
listed with the reason in every format and given no score; selectors that match nothing fail."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from drafts import BACKGROUND

from audit.cli import main
from audit.text import language
from audit.text.admission import Admission, length_free_rules
from audit.text.language import clearly_english, detect
from audit.text.segment import Unsegmented

ENGLISH = "Port talks resume\n\nNegotiators met for six hours on Tuesday.\n" + BACKGROUND
SPANISH = (
    "Cierre de la piscina\n\n"
    "El ayuntamiento aprobó el martes por la noche el cierre de la piscina municipal durante "
    "todo el verano, debido a una factura de reparación de 340.000 euros. Según fuentes cercanas "
    "al gobierno local, la obra podría retrasarse hasta el próximo año. Al parecer, los vecinos "
    'no fueron consultados antes de la votación. "Mis hijos aprendieron a nadar allí", dijo '
    "Dolores Reyes, que vive a dos calles de la piscina desde hace treinta años. El pleno también "
    "aprobó un nuevo contrato para la recogida de basura y la limpieza de las calles del centro.\n"
)
FRENCH = (
    "Le conseil municipal a voté mardi soir la fermeture de la piscine du quartier pendant tout "
    "l'été, en raison d'une facture de réparation de 340 000 euros. Selon des sources proches de "
    "la mairie, les travaux pourraient prendre du retard. Les habitants, venus nombreux, "
    "n'étaient pas convaincus. « Mes enfants ont appris à nager ici », a déclaré une riveraine."
)
GERMAN = (
    "Der Stadtrat hat am Dienstagabend beschlossen, das Freibad in der Lindenstraße den ganzen "
    "Sommer über zu schließen. Grund sind Reparaturkosten von 340.000 Euro für die beschädigte "
    "Filteranlage. Nach Angaben aus dem Rathaus könnte das Bad im kommenden Juni wieder öffnen, "
    "falls ein Zuschuss des Landes bewilligt wird."
)
MORE = {  # own paragraphs: wire, markets, sports, weather and courts, and five languages
    "en-0": (
        "Shares of Norvale Energy fell 12 percent in early trading on Wednesday after the company"
        " cut its full-year forecast, blaming lower natural gas prices and a delayed pipeline in "
        "West Texas. Chief executive Hal Brenner said on a call with analysts that the company "
        "would pause its buyback program until the pipeline is finished. Analysts at two banks "
        "lowered their price targets. The company reported quarterly revenue of $2.1 billion, "
        "below the $2.4 billion analysts had expected, according to figures compiled by the firm."
    ),
    "en-1": (
        "Ortega scored twice in the second half as Riverside came from behind to beat Albion 3-1 "
        "on Saturday and move within a point of the top of the table. Albion had led through a "
        "first-half header from their captain, but they tired after the break and Ortega punished"
        ' two defensive mistakes within six minutes. "We showed character," Riverside manager '
        'Pete Lang said afterwards. "At half-time I told them to keep the ball and be patient, '
        'and they did exactly that." Riverside host the leaders next weekend.'
    ),
    "en-2": (
        "Emergency crews spent most of Sunday pumping water out of basements in the Eastgate "
        "neighborhood after a storm dropped nearly four inches of rain in two hours. No injuries "
        "were reported, fire chief Lena Marsh said, but at least 40 homes were damaged and a "
        "stretch of Route 9 remained closed into the evening. The National Weather Service had "
        "issued a flash flood warning shortly after noon. Volunteers from a local church handed "
        "out sandbags and bottled water from the parking lot of the community center."
    ),
    "en-3": (
        "A federal judge on Friday temporarily blocked a state law that would have required "
        "social media companies to verify the ages of their users, ruling that the plaintiffs "
        "were likely to succeed on their claim that it violates the First Amendment. The law, "
        "passed in April, was due to take effect next month. The state attorney general's office "
        "said it would appeal. A trade group representing several large technology companies had "
        "sued in June, arguing that the verification rules would force sites to collect sensitive"
        " personal data from adults as well as minors."
    ),
    "en-4": (
        "The museum's new wing, which opens to the public on Thursday, doubles the space "
        "available for its collection of Pacific Island textiles, many of which have never been "
        "displayed. Curator Ioana Seu spent four years tracing the origins of the cloths, some of"
        " which arrived in the 1920s with little more than a handwritten label. Visitors will be "
        "able to watch conservators at work through a glass wall on the ground floor. Admission "
        "to the wing is free for the first month, and the museum will stay open until nine on "
        "Fridays."
    ),
    "pt": (
        "A câmara municipal aprovou na terça-feira à noite o encerramento da piscina do bairro "
        "durante todo o verão, devido a uma conta de reparação de 340 mil euros. Segundo fontes "
        "próximas da autarquia, as obras poderão atrasar-se até ao próximo ano. Os moradores, que"
        ' encheram a sala, não ficaram convencidos. "Os meus filhos aprenderam a nadar ali", '
        "disse uma vizinha que vive a duas ruas da piscina há trinta anos. A câmara aprovou ainda"
        " um novo contrato para a recolha do lixo e a limpeza das ruas do centro."
    ),
    "it": (
        "Il consiglio comunale ha votato martedì sera la chiusura della piscina di quartiere per "
        "tutta l'estate, a causa di una spesa di riparazione di 340 mila euro. Secondo fonti "
        "vicine al comune, i lavori potrebbero slittare al prossimo anno. I residenti, presenti "
        'in gran numero, non sono rimasti convinti. "I miei figli hanno imparato a nuotare lì", '
        "ha detto una vicina che abita a due strade dalla piscina da trent'anni. Il consiglio ha "
        "inoltre approvato un nuovo contratto per la raccolta dei rifiuti e la pulizia delle "
        "strade del centro."
    ),
    "nl": (
        "De gemeenteraad heeft dinsdagavond besloten het zwembad aan de Lindestraat de hele zomer"
        " te sluiten, vanwege een reparatierekening van 340.000 euro voor de kapotte "
        "filterinstallatie. Volgens bronnen rond het stadhuis kan het bad volgend jaar juni weer "
        "open als de provincie een subsidie toekent. Veel buurtbewoners waren het niet eens met "
        'het besluit. "Mijn kinderen hebben hier leren zwemmen", zei een buurvrouw die al dertig '
        "jaar vlakbij woont. De raad keurde ook een nieuw contract voor de afvalinzameling goed."
    ),
    "id": (
        "Dewan kota pada Selasa malam memutuskan untuk menutup kolam renang umum di Jalan Lindell"
        " selama musim panas, karena biaya perbaikan sistem penyaringan mencapai 340 ribu dolar. "
        "Menurut sumber di balai kota, kolam itu bisa dibuka kembali bulan Juni tahun depan jika "
        "hibah dari pemerintah provinsi disetujui. Banyak warga yang hadir tidak setuju dengan "
        'keputusan tersebut. "Anak-anak saya belajar berenang di sana", kata seorang warga yang '
        "sudah tiga puluh tahun tinggal di dekat kolam itu."
    ),
    "sv": (
        "Kommunfullmäktige beslutade på tisdagskvällen att stänga utomhusbadet på Lindgatan under"
        " hela sommaren, på grund av en reparationskostnad på 340 000 kronor för det trasiga "
        "reningsverket. Enligt källor på stadshuset kan badet öppna igen i juni nästa år om "
        'länsstyrelsen beviljar ett bidrag. Många grannar var inte nöjda med beslutet. "Mina barn'
        ' lärde sig simma här", sa en kvinna som har bott i närheten i trettio år. Fullmäktige '
        "godkände också ett nytt avtal för sophämtningen."
    ),
}
SHORT = "Breaking news\n"
REPO = Path(__file__).resolve().parents[1]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "harbor").mkdir()
    (tmp_path / "harbor" / "talks.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "diario").mkdir()
    (tmp_path / "diario" / "piscina.txt").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "harbor" / "flash.txt").write_text(SHORT, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "code"),
    [(ENGLISH, "en"), (SPANISH, "es"), (FRENCH, "fr"), (GERMAN, "de")],
    ids=["en", "es", "fr", "de"],
)
def test_the_language_of_an_article_is_detected(text, code):
    language = detect(text)
    assert language.code == code and language.probability > 0.9


@pytest.mark.parametrize("key", sorted(MORE))
def test_the_language_of_more_paragraphs_is_detected(key):
    language = detect(MORE[key])
    assert language.code == key.split("-")[0] and language.probability > 0.9


def _article(text: str) -> Unsegmented:
    return Unsegmented(text, "draft", "example.org", None, None, {}, 0, ())


@pytest.mark.parametrize("key", sorted(MORE))
def test_only_english_paragraphs_pass_the_shortcut_past_the_language_model(key):
    """The shortcut that spares loading the model says English only of English prose; every
    other paragraph goes to the model."""
    assert clearly_english(MORE[key]) == key.startswith("en-")


def test_an_english_draft_is_admitted_without_loading_the_language_model(monkeypatch):
    def no_model():
        raise AssertionError("the language model was loaded")

    monkeypatch.setattr(language, "_identifier", no_model)
    assert clearly_english(ENGLISH)
    assert Admission(min_words=0).refusal(_article(ENGLISH)) is None
    with pytest.raises(AssertionError):
        Admission(min_words=0).refusal(_article(GERMAN + " " + GERMAN))


# A scraped page's top: furniture lines of a few words, none of them distinctly English.
_FURNITURE = "Local News\n\nViews: 8.9K\n\nBy Matteo Marchbanks\n\nTweet\n\nCopy link\n\nShare\n\n"


def test_an_english_page_under_its_furniture_is_admitted_without_loading_the_model(monkeypatch):
    def no_model():
        raise AssertionError("the language model was loaded")

    monkeypatch.setattr(language, "_identifier", no_model)
    prose = MORE["en-0"]
    page = _FURNITURE * 8 + prose
    words = language._WORD.findall(page.lower())
    shared = sum(w in language.DISTINCTLY_ENGLISH for w in words)
    assert shared < language.ENGLISH_SHARE * len(words)  # the whole sample reads as not English
    assert clearly_english(page)
    assert Admission(min_words=0).refusal(_article(page)) is None


# A short story of a strike under a page's labels.
_STRIKE_LABELS = "Business\n\n2,114 views\n\nShare on Facebook\n\nCopy link\n\nEmail\n\n"
_STRIKE = (
    "Crane operators at the Harbor Point terminal stopped work on Monday morning, demanding "
    "higher wages and safer schedules from the operator.\n\nShipping lines diverted three "
    "vessels to Port Selby, and union organisers expect picket lines through Friday. "
    "Terminal managers called the talks unproductive.\n\nRegional exporters warned that "
    "perishable cargo faces delays, and farmers fear losses running past two million "
    "dollars weekly.\n"
)


def test_a_headline_and_a_tag_line_among_the_furniture_do_not_call_the_model(monkeypatch):
    """The headline (printed twice) and the tag line are short lines of seven words among
    labels of one to three: the short lines average more than three words, yet most of them
    are furniture, and the longer ones, fewer words than the prose, read as English with it."""

    def no_model():
        raise AssertionError("the language model was loaded")

    monkeypatch.setattr(language, "_identifier", no_model)
    headline = "Harbor Crane Operators Walk Out Over Pay\n\n"
    prose = _STRIKE + (
        "\nThe union said that its members would return only after the company agreed to an "
        "independent review of the shift rota, which they say has not changed in a decade.\n\n"
    )
    page = (
        headline
        + _STRIKE_LABELS
        + headline
        + prose
        + "Tags: port, cranes, pay dispute, local news\n"
    )
    lines = [language._WORD.findall(line) for line in page.lower().splitlines()]
    short = [len(found) for found in lines if 0 < len(found) < language.PROSE_LINE_WORDS]
    assert sum(short) > language.FURNITURE_LINE_WORDS * len(short)
    assert clearly_english(page)
    assert Admission(min_words=0).refusal(_article(page)) is None


def test_the_articles_headline_printed_above_its_story_is_set_aside(monkeypatch):
    """A short story under its headline printed twice: the headline's seven words in Title Case
    hold no distinctly English word, and with them the prose no longer reads as English; as the
    article's title they are its headline, and the prose decides without the model."""

    def no_model():
        raise AssertionError("the language model was loaded")

    title = "Harbor Crane Operators Walk Out Over Pay"
    prose = _STRIKE
    page = f"{title}\n\n{_STRIKE_LABELS}{title}\n\n{prose}"
    assert not clearly_english(page)  # an untitled text: its two seven-word lines are text
    monkeypatch.setattr(language, "_identifier", no_model)
    assert clearly_english(page, title)
    article = Unsegmented(page, "crane", "harbor-ledger", title, None, {}, 0, ())
    assert Admission(min_words=0).refusal(article) is None


# Invented Spanish: navigation labels, and lines of a list of headlines.
_SPANISH_LABELS = "Inicio Noticias Deportes Cultura Opinión Economía Contacto Buscar Menú Salud"
_SPANISH_HEADLINES = (
    "El concejo aprobó el nuevo presupuesto",
    "Los vecinos del puerto piden más luz",
    "La feria del libro vuelve en mayo",
    "Un camión volcó cerca del puente viejo",
    "Las clases empiezan tarde por la lluvia",
    "El mercado central cambia de horario",
    "Los bomberos apagaron un incendio menor",
    "La biblioteca amplía sus horas de apertura",
    "El club local ganó la copa regional",
)
_ENGLISH_PROSE = (
    "Crane operators at the Harbor Point terminal stopped work on Monday morning, demanding "
    "higher wages and safer schedules from the operator.\n\nShipping lines diverted three "
    "vessels to Port Selby, and union organisers expect that the picket lines will hold through "
    "Friday. Terminal managers said that the talks with the union were unproductive.\n\n"
)


def test_a_list_of_foreign_headlines_among_labels_is_left_to_the_model():
    """Most short lines are one-word labels, but the lines of five to seven words are a list of
    Spanish headlines, more words than the prose: text whose language the model judges."""
    labels = "\n".join(_SPANISH_LABELS.split() * 2)
    page = labels + "\n" + _ENGLISH_PROSE + "\n".join(_SPANISH_HEADLINES * 2)
    assert not clearly_english(page)


def test_short_lines_of_four_words_or_fewer_averaging_three_are_furniture():
    """Labels of one word and lines of four average three words or fewer: furniture, and the
    English prose decides, whatever their language."""
    labels = "\n".join(_SPANISH_LABELS.split() * 2)
    four_words = "\n".join(" ".join(line.split()[:4]) for line in _SPANISH_HEADLINES * 3)
    assert clearly_english(labels + "\n" + _ENGLISH_PROSE + four_words)


def test_a_foreign_page_under_english_furniture_is_left_to_the_model():
    english_furniture = "Share on Facebook\n\nRead more of the latest news\n\n" * 3
    for foreign in (SPANISH, FRENCH, GERMAN):
        assert not clearly_english(english_furniture + foreign)


def test_a_mostly_foreign_text_with_english_quotes_is_left_to_the_model():
    mixed = (
        SPANISH + ' "We will not close the pool this summer," the mayor said in English. ' + FRENCH
    )
    assert not clearly_english(mixed)


def test_another_language_and_a_short_text_are_listed_not_scored(drafts):
    result = invoke("scan", drafts, "--format", "json")
    assert result.exit_code == 2  # another language fails the run unless allowed
    report = json.loads(result.stdout)
    jsonschema.validate(report, json.loads((REPO / "docs/schema/report-1.schema.json").read_text()))
    assert [a["id"] for a in report["articles"]] == ["harbor/talks.txt"]
    assert [s["source"] for s in report["sources"]] == ["harbor"]  # ranking counts scored only
    errors = {e["path"]: e for e in report["errors"]}
    spanish, short = errors["diario/piscina.txt"], errors["harbor/flash.txt"]
    assert spanish["kind"] == "language" and spanish["language"] == "es" and spanish["blocking"]
    assert "Spanish" in spanish["reason"] and spanish["source"] == "diario"
    assert short["kind"] == "too_short" and short["words"] == 2 and not short["blocking"]
    assert "score" not in spanish and "score" not in short
    assert report["summary"]["not_scored"] == 2


def test_check_exits_2_for_another_language_unless_it_is_allowed(drafts, tmp_path):
    spanish = drafts / "diario" / "piscina.txt"
    assert invoke("check", spanish, "--isolated").exit_code == 2
    allowed = invoke("check", spanish, "--isolated", "--allow-language", "es", "--format", "json")
    assert allowed.exit_code == 0
    assert json.loads(allowed.stdout)["articles"] == []  # allowed is listed, never scored
    assert invoke("check", spanish, "--isolated", "--allow-language", "any").exit_code == 0
    (drafts / "newsaudit.toml").write_text('allow-languages = ["es"]\n', encoding="utf-8")
    assert invoke("check", spanish).exit_code == 0
    (drafts / "newsaudit.toml").write_text('allow-languages = ["spanish"]\n', encoding="utf-8")
    typo = invoke("check", spanish)
    assert typo.exit_code == 2 and "'spanish' is not a language code" in typo.stderr


def test_a_text_too_short_to_score_is_a_notice_not_a_99(drafts):
    result = invoke("check", drafts / "harbor" / "flash.txt", "--isolated")
    assert result.exit_code == 0
    assert "not scored" in result.stderr and "too short to audit: 2 words" in result.stderr
    assert "score=" not in result.stdout
    scored = invoke("check", drafts / "harbor" / "flash.txt", "--isolated", "--min-words", "0")
    assert "score=" in scored.stdout


@pytest.mark.parametrize("fmt", ["text", "jsonl", "csv", "sarif", "github", "html", "stream"])
def test_every_format_accounts_for_what_was_not_scored(drafts, fmt):
    command = "scan" if fmt == "stream" else "check"
    output = invoke(command, drafts, "--format", fmt, "--isolated").stdout
    assert "piscina.txt" in output and "flash.txt" in output
    assert "Spanish" in output and "too short" in output
    if fmt in ("jsonl", "stream"):  # a line's kind names the line; not_scored says why
        lines = [json.loads(line) for line in output.splitlines()]
        errors = {line["path"]: line for line in lines if line["kind"] == "error"}
        assert errors["diario/piscina.txt"]["not_scored"] == "language"
        assert errors["harbor/flash.txt"]["not_scored"] == "too_short"
        if fmt == "stream":
            schema = json.loads((REPO / "docs" / "schema" / "stream-1.schema.json").read_text())
            for line in lines:
                jsonschema.validate(line, schema)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(output)))
        unscored = {r["path"]: r for r in rows if not r["rule"]}
        assert unscored["diario/piscina.txt"]["category"] == "language"
        assert unscored["harbor/flash.txt"]["article_score"] == ""


SHORT_AI = (
    "Council vote\n\nAs an AI language model, I cannot know how the council will vote. "
    "The mayor said the budget could possibly pass on Tuesday, sources say.\n"
)


def test_a_short_draft_with_an_ai_disclaimer_fails_the_gate_without_a_score(tmp_path):
    draft = tmp_path / "vote.txt"
    draft.write_text(SHORT_AI, encoding="utf-8")
    result = invoke("check", draft, "--isolated", "--format", "json")
    assert result.exit_code == 1  # as the same disclaimer fails a long draft
    report = json.loads(result.stdout)
    jsonschema.validate(report, json.loads((REPO / "docs/schema/report-1.schema.json").read_text()))
    assert report["articles"] == []  # still too short to score
    (short,) = report["errors"]
    assert short["kind"] == "too_short" and not short["blocking"]
    assert [(f["rule"], f["text"]) for f in short["findings"]] == [
        ("AID002", "As an AI language model")
    ]
    assert "FAIL vote.txt: 1 findings at or above error (AID002" in result.stderr
    assert invoke("check", draft, "--isolated", "--fail-on", "warning").exit_code == 1
    assert invoke("check", draft, "--isolated", "--ignore", "AID002").exit_code == 0


@pytest.mark.parametrize("fmt", ["json", "text", "stream"])
def test_the_run_totals_count_the_findings_of_a_short_text(tmp_path, fmt):
    draft = tmp_path / "vote.txt"
    draft.write_text(SHORT_AI, encoding="utf-8")
    result = invoke("scan", draft, "--format", fmt, "--isolated")
    if fmt == "text":
        assert "0 articles audited, 1 inputs refused or not scored" in result.stdout
        assert ", 1 findings, 0 sources ranked." in result.stdout
        return
    last = json.loads(result.stdout if fmt == "json" else result.stdout.splitlines()[-1])
    assert last["summary"]["articles"] == 0 and last["summary"]["findings"] == 1


def test_a_short_text_gets_no_finding_that_needs_length(tmp_path):
    draft = tmp_path / "vote.txt"
    draft.write_text(SHORT_AI, encoding="utf-8")
    report = json.loads(invoke("check", draft, "--isolated", "--format", "json",
                               "--min-level", "info").stdout)  # fmt: skip
    categories = {f["category"] for f in report["errors"][0]["findings"]}
    assert categories == {"ai_disclaimer"}  # its hedges and vague source are rates, not defects
    draft.write_text(SHORT_AI.replace("As an AI language model, I", "I"), encoding="utf-8")
    assert invoke("check", draft, "--isolated").exit_code == 0


def test_the_rules_run_on_a_short_text_match_text_in_families_scored_per_article(registry):
    chosen = length_free_rules(registry.rules, registry.families)
    per_words = {f.category for f in registry.families if f.per_words}
    assert {"AID001", "AID002", "AID005", "CLT001", "BLP003"} <= {r.id for r in chosen}
    assert not {r.id for r in chosen} & {"AIS001", "CLT013", "BLP001", "HDG010", "UNS007"}
    assert all(r.category not in per_words for r in chosen)


@pytest.mark.parametrize("fmt", ["text", "jsonl", "csv", "sarif", "github", "html", "stream"])
def test_every_format_shows_the_findings_of_a_short_text(tmp_path, fmt):
    draft = tmp_path / "vote.txt"
    draft.write_text(SHORT_AI, encoding="utf-8")
    command = "scan" if fmt == "stream" else "check"
    result = invoke(command, draft, "--format", fmt, "--isolated")
    assert "too short" in result.stdout and "AID002" in result.stdout
    if fmt == "sarif":
        (run,) = json.loads(result.stdout)["runs"]
        assert [r["ruleId"] for r in run["results"]] == ["AID002"]
        assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "AID002"
    if fmt == "github":
        assert "::error file=vote.txt,line=3,col=1,title=AID002" in result.stdout


def test_the_default_minimum_and_language_apply_to_a_library_run(tmp_path, registry):
    from audit.runtime.run import Auditor

    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    run = Auditor(registry).run([str(tmp_path)])
    assert run.articles == () and run.errors[0].kind == "too_short"
    run = Auditor(registry, admission=Admission(min_words=0)).run([str(tmp_path)])
    assert len(run.articles) == 1


@pytest.mark.parametrize(
    "flags",
    [("--select", "AIDD"), ("--ignore", "HDGX"), ("--extend-select", "nope"), ("--select", "")],
)
def test_a_selector_on_the_command_line_that_matches_no_rule_exits_2(drafts, flags):
    result = invoke("check", drafts / "harbor" / "talks.txt", *flags, "--isolated")
    assert result.exit_code == 2
    assert "matches no rule" in result.stderr


def test_the_rules_listing_refuses_a_selector_that_matches_nothing():
    assert invoke("rules", "--select", "ZZZ").exit_code == 2
    assert invoke("rules", "--select", "HDG").exit_code == 0


def test_short_foreign_lines_under_a_few_english_lines_are_left_to_the_model():
    """A few long English lines (a newsletter box, a cookie notice) do not vouch for a text
    written in short lines: those are text, not furniture, and the model judges them."""
    verse = (
        "El gobierno anunció hoy\nnuevas medidas para el campo\nLa oposición criticó el plan\n"
        "que según ellos llega tarde\ny pide más diálogo\ncon los sindicatos del sector\n"
    ) * 8
    notices = (
        "Subscribe to our newsletter to get the news from the region in your inbox every morning.\n"
        "This website uses cookies to make sure that you get the best experience on our site.\n"
        "By continuing to browse the site you are agreeing to our use of cookies and our policy.\n"
        "All rights are reserved and no part of this page may be reproduced without permission.\n"
    )
    assert not clearly_english(verse + notices)
    refusal = Admission(min_words=0).refusal(_article(verse + notices))
    assert refusal is not None and refusal.kind == "language"
