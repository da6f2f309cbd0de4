import csv
import io
from pathlib import Path

from django.test import Client
from django.urls import reverse

from mentorship.models import Session
from tests.mentorship.hours_factories import at, feedback, session


def _cpd_rows(client: Client) -> list[list[str]]:
    response = client.get(reverse("mentorship:cpd_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode())))


def _three_sessions(pair) -> None:
    session(pair, when=at(2025, 3, 3), minutes=90, topics=("Bookkeeping",))
    session(
        pair,
        when=at(2025, 3, 10),
        minutes=60,
        topics=("Bookkeeping", "Board governance"),
        format=Session.Format.IN_PERSON,
    )
    session(pair, when=at(2025, 3, 17), minutes=30)


def test_the_cpd_page_lists_confirmed_sessions_with_skills_and_what_the_mentor_learned(
    pair, bob_client
):
    _three_sessions(pair)
    session(pair, when=at(2025, 3, 24), minutes=45, status=Session.Status.LOGGED)
    feedback(pair, side="mentor", rating=4, learned="How a new worker co-op shares out the rota.")
    feedback(pair, side="mentee", rating=5, learned="The mentee's own answer, not the mentor's.")

    page = bob_client.get(reverse("mentorship:cpd")).content.decode()

    assert page.count("Riverside founders</td>") == 3, "the logged, unconfirmed session is left out"
    assert "3 Mar 2025" in page and "24 Mar 2025" not in page
    assert "Bookkeeping, Board governance" in page
    assert "In person" in page
    assert 'id="cpd-total">3.00<' in page
    assert "How a new worker co-op shares out the rota." in page
    assert "mentee&#x27;s own answer" not in page


def test_the_cpd_csv_has_the_sessions_the_total_and_what_was_learned(pair, bob_client):
    _three_sessions(pair)
    feedback(pair, side="mentor", rating=4, learned="=Patience, and how consensus works.")

    rows = _cpd_rows(bob_client)

    assert rows[0] == ["Date", "Mentee", "Hours", "Format", "Skills practised"]
    assert rows[1:4] == [
        ["2025-03-03", "Riverside founders", "1.50", "Remote", "Bookkeeping"],
        ["2025-03-10", "Riverside founders", "1.00", "In person", "Bookkeeping; Board governance"],
        ["2025-03-17", "Riverside founders", "0.50", "Remote", ""],
    ]
    assert rows[4] == ["Total", "", "3.00", "", ""]
    assert rows[5] == []
    assert rows[6] == ["Date", "Mentee", "What I learned from my mentee"]
    [learned] = rows[7:]
    assert learned[1:] == ["Riverside founders", "'=Patience, and how consensus works."], (
        "text a spreadsheet would run as a formula stays text"
    )


def test_the_cpd_record_is_the_mentors_own(pair, other_pair, bob_client):
    session(pair, when=at(2025, 3, 3), minutes=60)
    session(other_pair, when=at(2025, 3, 4), minutes=300)

    rows = _cpd_rows(bob_client)
    page = bob_client.get(reverse("mentorship:cpd")).content.decode()

    assert [row[1] for row in rows[1:2]] == ["Riverside founders"]
    assert ["Total", "", "1.00", "", ""] in rows
    assert "Dave" not in page and "Dave" not in str(rows)


def test_the_printed_cpd_page_leaves_out_the_site_navigation(pair, bob_client):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    page = bob_client.get(reverse("mentorship:cpd")).content.decode()
    assert f'href="{static("css/print-record.css")}"' in page
    stylesheet = Path(finders.find("css/print-record.css")).read_text()
    print_css = stylesheet.split("@media print")[1].split("}")[0]
    assert "header" in print_css and "footer" in print_css and ".no-print" in print_css
    assert 'class="no-print' in page


def test_the_cpd_record_asks_a_visitor_to_sign_in(client):
    for name in ("mentorship:cpd", "mentorship:cpd_csv"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response.url


def test_the_cpd_page_makes_the_same_number_of_queries_for_5_or_100_sessions(
    pair, bob_client, django_assert_max_num_queries
):
    def add(count: int) -> None:
        for day in range(count):
            session(pair, when=at(2025, 1 + day % 6, 1 + day % 28), topics=("Bookkeeping",))

    add(5)
    with django_assert_max_num_queries(12) as small:
        bob_client.get(reverse("mentorship:cpd"))
        bob_client.get(reverse("mentorship:cpd_csv"))
    add(95)
    with django_assert_max_num_queries(len(small.captured_queries)):
        bob_client.get(reverse("mentorship:cpd"))
        bob_client.get(reverse("mentorship:cpd_csv"))
