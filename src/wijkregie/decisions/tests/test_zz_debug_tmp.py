import pytest
from django.urls import reverse
from .test_objections import signed_request
pytestmark = pytest.mark.django_db
def test_dbg(client, world):
    request = signed_request(world)
    client.force_login(world.anna)
    r = client.post(reverse("decisions:request_objections", args=[request.uuid]), {"formulier": "bezwaar", "bezwaar-received_on": ""})
    import re
    print(re.findall(r'(?s)<main.*?</main>', r.content.decode())[0][-3000:])
