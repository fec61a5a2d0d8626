"""Calls through the community SDKs are judged like raw HTTP calls (the manifest grants contacts:read)."""
import onepipepy
import pypedrive_async
from pipedrive import Pipedrive
from pipedrive.client import Client
from pypipedrive.models import Deals, Persons


def python_lib(person_id):
    client = Client(domain="https://acme.pipedrive.com")
    client.persons.get_person(person_id)  # PDS102
    client.deals.create_deal({"title": "x"})  # PDS100 PDS102
    client.exchange_code("https://app.example/cb", "code")


def pipedrive_api(domain, token):
    p = Pipedrive(domain=domain, api_token=token)
    p.persons.list()
    p.persons.update(1, {"name": "y"})  # PDS100
    p.deals.products(5).list()  # PDS100
    p.users.update(1, {})  # PDS101
    p.get("/v2/persons/search")


def orm():
    Persons.get(id=1)
    for person in Persons.all():
        person.followers()
    Deals(title="x").save()  # PDS100
    return [deal.delete() for deal in Deals.all()]  # PDS100


async def lead_form(email):
    async with pypedrive_async.Client("t", "https://acme.pipedrive.com/api", "web") as client:
        await client.get_custom_person_fields()
        await client.create_minimal_lead(email, None, None)  # PDS100 PDS102


def old_clients():
    onepipepy.API("t").person.get_person_by_id(1)  # PDS102
    Pipedrive("token").get_persons()  # PDS102
    Pipedrive("token").persons_find({"term": "x"}, method="POST")  # PDS101
