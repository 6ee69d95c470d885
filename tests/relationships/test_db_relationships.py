"""Relationship queries and service: the org chart, deal roles, relations, last contacts, edits."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from kam_tui.areas.relationships.queries import deal_roles, relations
from kam_tui.areas.relationships.queries import people as people_queries
from kam_tui.areas.relationships.service import RelationshipService
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.records import ValidationFailed, load, save
from kam_tui.sample.demo import generate_demo
from tests.helpers import TODAY

pytestmark = pytest.mark.both_engines

BASE = {"abc_class": "B", "layer": "watch", "status": "potential", "lifecycle": "acquisition"}


@pytest.fixture
def rel(db) -> RelationshipService:
    return RelationshipService(db, lambda: TODAY)


@pytest.fixture
def acme(db) -> dict[str, int]:
    """An account with a boss, two reports, a deal and a rep who owns the boss's relationship."""
    staff = m.Staff.create(name="李明", role="rep").id
    account = save("account", {**BASE, "name": "Acme Freight"}, today=TODAY)
    boss = save("contact", {"name": "Boss", "title": "GM", "department": "Board",
                            "relationship_owner_id": staff, "birthday": "1970-05-06",
                            "hobbies": "secret golf"}, today=TODAY, parent_id=account)
    tech = save("contact", {"name": "Tech", "title": "CTO", "reports_to_id": boss},
                today=TODAY, parent_id=account)
    buyer = save("contact", {"name": "Buyer", "reports_to_id": boss}, today=TODAY,
                 parent_id=account)
    deal = save("opportunity", {"title": "60 tractors", "quantity": 60, "amount": 0},
                today=TODAY, parent_id=account)
    m.Opportunity.update(stage=4).where(m.Opportunity.id == deal).execute()
    return {"staff": staff, "account": account, "boss": boss, "tech": tech, "buyer": buyer,
            "deal": deal}


def role(contact: int, **values: object) -> dict[str, object]:
    return {"contact_id": contact, "role": "", "influence": "medium", "stance": "unknown",
            "weight": 0, "meetings": 0, **values}


def log(account: int, day, *contacts: int, deleted: bool = False) -> int:
    activity = m.Activity.create(account=account, occurred_on=day, summary="visit",
                                 deleted_at=m.utcnow() if deleted else None)
    for contact in contacts:
        m.ActivityPerson.create(activity=activity, contact=contact)
    return activity.id


def test_deal_role_kind_saves_through_the_generic_records(acme):
    role_id = records.save("deal_role", role(acme["tech"], role="technical_gatekeeper",
                                             stance="neutral", weight="30"),
                           today=TODAY, parent_id=acme["deal"])
    values, version = load("deal_role", role_id)
    assert values["weight"] == 30 and values["stance"] == "neutral" and version == 1
    assert m.DealRole.get_by_id(role_id).opportunity_id == acme["deal"]
    with pytest.raises(ValidationFailed) as refused:
        records.save("deal_role", {**values, "weight": "120", "stance": "hostile"}, today=TODAY,
                     record_id=role_id, expected_version=1, parent_id=acme["deal"])
    assert set(refused.value.errors) == {"weight", "stance"}
    with pytest.raises(ValidationFailed) as empty:
        records.save("deal_role", {**values, "weight": ""}, today=TODAY, parent_id=acme["deal"])
    # Weight is stored NOT NULL: refused, not crashed; and the person already has this deal's role.
    assert set(empty.value.errors) == {"weight", "contact_id"}


def test_relation_kind_saves_under_its_contact(acme):
    relation_id = records.save("relation", {"kind": "classmate", "other_contact_id": acme["tech"],
                                            "note": "university"},
                               today=TODAY, parent_id=acme["buyer"])
    row = m.Relation.get_by_id(relation_id)
    assert (row.contact_id, row.other_contact_id, row.kind) == (acme["buyer"], acme["tech"],
                                                                 "classmate")
    with pytest.raises(ValidationFailed):
        records.save("relation", {"kind": "enemy"}, today=TODAY, parent_id=acme["buyer"])


def test_people_form_a_tree_with_roles_owner_and_last_contact(acme, rel):
    records.save("deal_role", role(acme["boss"], role="decision_maker", stance="opponent",
                                   weight=60, influence="high"),
                 today=TODAY, parent_id=acme["deal"])
    log(acme["account"], TODAY - timedelta(days=40), acme["boss"], acme["tech"])
    log(acme["account"], TODAY - timedelta(days=5), acme["tech"])
    log(acme["account"], TODAY - timedelta(days=1), acme["boss"], deleted=True)
    people = {p.name: p for p in people_queries.people(acme["account"], acme["deal"])}
    assert set(people) == {"Boss", "Tech", "Buyer"}
    boss, tech, buyer = people["Boss"], people["Tech"], people["Buyer"]
    assert boss.reports_to_id is None and tech.reports_to_id == boss.id == buyer.reports_to_id
    assert (boss.role, boss.stance, boss.weight, boss.owner) == ("decision_maker", "opponent",
                                                                  60, "李明")
    assert boss.last_contact == TODAY - timedelta(days=40)  # the deleted visit does not count
    assert tech.last_contact == TODAY - timedelta(days=5)
    assert buyer.last_contact is None and buyer.role_id is None
    # Private fields never travel with the map's rows.
    fields = {f.name for f in dataclasses.fields(people_queries.PersonRow)}
    assert not fields & {"birthday", "hobbies", "family", "career", "character", "tastes"}


def test_map_coverage_and_quick_edits(acme, rel):
    view = rel.load(acme["account"])
    assert view is not None and view.data.opportunity.id == acme["deal"]
    assert view.coverage.people == 0 and view.coverage.win_rate == 30
    assert rel.cycle_stance(acme["deal"], acme["boss"]) == "supporter"  # adds them to the group
    assert rel.cycle_stance(acme["deal"], acme["boss"]) == "neutral"
    assert rel.cycle_influence(acme["deal"], acme["boss"]) == "low"  # medium → low
    rel.set_role(acme["deal"], acme["boss"], "decision_maker")
    rel.set_weight(acme["deal"], acme["boss"], 70)
    with pytest.raises(ValidationFailed):
        rel.set_weight(acme["deal"], acme["boss"], 101)
    view = rel.load(acme["account"], acme["deal"])
    boss = next(p for p in view.data.people if p.id == acme["boss"])
    assert (boss.role, boss.stance, boss.influence, boss.weight) == (
        "decision_maker", "neutral", "low", 70)
    assert view.coverage.shares.neutral == 70
    assert [w.code for w in view.coverage.warnings] == ["no_coach", "weights_under"]
    assert load("deal_role", boss.role_id)[1] == 6  # created, then five quick edits


def test_removed_person_can_be_restored_or_added_again_afresh(acme, rel):
    role_id = rel.set_weight(acme["deal"], acme["tech"], 40)
    rel.remove_role(role_id)
    assert rel.load(acme["account"], acme["deal"]).coverage.people == 0
    records.restore("deal_role", role_id)  # undo keeps what was there
    assert rel.load(acme["account"], acme["deal"]).coverage.shares.total == 40
    rel.remove_role(role_id)
    assert rel.ensure_role(acme["deal"], acme["tech"]) == role_id  # same row, fresh values
    values, _ = load("deal_role", role_id)
    assert (values["weight"], values["stance"]) == (0, "unknown")


def test_reports_to_is_picked_from_people_not_below_and_loops_are_refused(acme, rel):
    names = {label.split(" ·")[0] for label, _ in rel.reports_to_options(acme["boss"])}
    assert names == set()  # everyone reports to the boss
    assert {label for label, _ in rel.reports_to_options(acme["tech"])} == {"Boss · GM", "Buyer"}
    rel.set_reports_to(acme["buyer"], acme["tech"])
    assert m.Contact.get_by_id(acme["buyer"]).reports_to_id == acme["tech"]
    assert {label for label, _ in rel.reports_to_options(acme["tech"])} == {"Boss · GM"}
    with pytest.raises(ValidationFailed):
        rel.set_reports_to(acme["boss"], acme["buyer"])  # boss → buyer → tech → boss
    rel.set_reports_to(acme["buyer"], None)
    assert m.Contact.get_by_id(acme["buyer"]).reports_to_id is None
    assert m.Contact.get_by_id(acme["boss"]).hobbies == "secret golf"  # other fields kept


def test_logging_a_contact_links_the_person_and_the_deal(acme, rel):
    activity = records.save("activity", {"occurred_on": "today", "kind": "phone",
                                         "summary": "call"}, today=TODAY,
                            parent_id=acme["account"])
    rel.link_activity(activity, acme["buyer"], acme["deal"])
    rel.link_activity(activity, acme["buyer"], acme["deal"])  # twice: still one link
    assert m.ActivityPerson.select().where(m.ActivityPerson.activity == activity).count() == 1
    assert m.Activity.get_by_id(activity).opportunity_id == acme["deal"]
    assert people_queries.last_contacts(acme["account"]) == {acme["buyer"]: TODAY}


def test_relations_both_ends_and_to_our_people(acme, rel):
    records.save("relation", {"kind": "classmate", "other_contact_id": acme["tech"]},
                 today=TODAY, parent_id=acme["buyer"])
    records.save("relation", {"kind": "owns_relationship", "staff_id": acme["staff"]},
                 today=TODAY, parent_id=acme["boss"])
    gone = records.save("relation", {"kind": "friend", "other_contact_id": acme["boss"]},
                        today=TODAY, parent_id=acme["tech"])
    records.soft_delete("relation", gone)
    found = relations.relations(acme["account"])
    assert [(r.contact_name, r.other_name, r.kind) for r in found] == [
        ("Boss", "李明", "owns_relationship"), ("Buyer", "Tech", "classmate")]
    assert found[0].ours and not found[1].ours
    tech = relations.relations_of(acme["tech"])
    assert len(tech) == 1 and tech[0].other_of(acme["tech"]) == (acme["buyer"], "Buyer")


def test_person_file_holds_the_private_fields(acme, rel):
    rel.set_role(acme["deal"], acme["boss"], "decision_maker")
    found = rel.person(acme["boss"])
    assert found.values["hobbies"] == "secret golf"
    assert str(found.values["birthday"]) == "1970-05-06"
    assert found.owner == "李明" and found.account_name == "Acme Freight"
    assert found.roles[0][:2] == ("60 tractors", "decision_maker")
    assert rel.person(999) is None


def test_last_viewed_account_and_opportunity_are_remembered(acme, rel):
    assert rel.last_viewed() is None
    rel.remember(acme["account"], acme["deal"])
    assert rel.last_viewed() == (acme["account"], acme["deal"])
    assert rel.account_of_opportunity(acme["deal"]) == acme["account"]
    records.soft_delete("account", acme["account"])
    assert rel.last_viewed() is None


def test_where_the_map_was_left_is_the_persons_and_outlives_the_service(db, acme, rel):
    rel.remember(acme["account"], acme["deal"])
    again = RelationshipService(db, lambda: TODAY)
    assert again.last_viewed() == (acme["account"], acme["deal"])
    assert again.load(acme["account"]).data.opportunity.id == acme["deal"]
    # On the team's server the table is everyone's: where one person left the map is not.
    assert not m.Setting.select().where(m.Setting.key.startswith("relationships.")).exists()


def test_demo_trade_example_reads_as_the_trade_draws_it(db, rel):
    generate_demo(db, TODAY)
    account = m.Account.get(m.Account.name == "华通物流集团有限公司")
    view = rel.load(account.id)
    assert view.data.opportunity.title.startswith("华通物流 2027")
    cov = view.coverage
    assert cov.shares.percent(cov.shares.support) == 20
    codes = [w.code for w in cov.warnings]
    # Exactly the trade's picture: the decider against us, no coach, a neutral technical lead.
    assert codes == ["decision_maker_opposed", "no_coach", "gatekeeper_not_supporter"]
    assert cov.adjusted == 17
    # The org chart: the general manager at the top, everyone else reporting to him.
    gm = next(p for p in view.data.people if p.name == "郑文斌")
    assert gm.reports_to_id is None
    assert all(p.reports_to_id == gm.id for p in view.data.people if p.id != gm.id)


def test_quick_edits_and_map_loads_from_two_threads_do_not_lock_each_other(acme, rel):
    import threading

    errors: list[BaseException] = []

    def loads() -> None:
        try:
            for number in range(30):
                rel.load(acme["account"], acme["deal"])
                rel.remember(acme["account"] + number % 2, acme["deal"])
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    other = threading.Thread(target=loads)
    other.start()
    try:
        for _ in range(20):
            rel.cycle_stance(acme["deal"], acme["tech"])
            rel.cycle_influence(acme["deal"], acme["tech"])
    finally:
        other.join()
    assert errors == []
    assert load("deal_role", deal_roles.role_of(acme["deal"], acme["tech"])["id"])[1] == 41


def test_a_person_gets_one_role_per_deal_and_relations_need_someone_else(db):
    account = save("account", {**BASE, "name": "Check Co"}, today=TODAY)
    person = save("contact", {"name": "张伟"}, today=TODAY, parent_id=account)
    other = save("contact", {"name": "李娜"}, today=TODAY, parent_id=account)
    deal = save("opportunity", {"title": "Fleet"}, today=TODAY, parent_id=account)
    role = {"contact_id": person, "influence": "high", "stance": "neutral", "weight": "30",
            "meetings": "0"}
    first = save("deal_role", role, today=TODAY, parent_id=deal)
    with pytest.raises(ValidationFailed) as twice:
        save("deal_role", role, today=TODAY, parent_id=deal)
    assert "contact_id" in twice.value.errors
    save("deal_role", {**role, "weight": "40"}, today=TODAY, record_id=first,
         expected_version=1)  # editing it is no clash with itself
    with pytest.raises(ValidationFailed) as nobody:
        save("relation", {"kind": "friend"}, today=TODAY, parent_id=person)
    assert "other_contact_id" in nobody.value.errors
    with pytest.raises(ValidationFailed) as self_tie:
        save("relation", {"kind": "friend", "other_contact_id": person}, today=TODAY,
             parent_id=person)
    assert "other_contact_id" in self_tie.value.errors
    save("relation", {"kind": "classmate", "other_contact_id": other}, today=TODAY,
         parent_id=person)
