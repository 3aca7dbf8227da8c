"""The explorer page in a real browser: it holds the whole graph, finds, filters and shows evidence, asks
for nothing over the network and shows hostile names as text."""

import json
import pathlib

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import HOSTILE

REPO = pathlib.Path(__file__).resolve().parents[2]


def load(browser, path, fragment=""):
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(path.as_uri() + fragment)
    browser.execute_script("return 1")
    assert browser.execute_script("return window.graphexExplorer && window.graphexExplorer.firstFrameMs()") is not None


def severe(browser):
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def requests(browser):
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def js(browser, code):
    return browser.execute_script("return " + code)


def test_page_holds_the_graph_without_errors_or_requests(browser, pages):
    data = json.loads((pages / "seeds.json").read_text(encoding="utf-8"))
    page = pages / "seeds.html"
    load(browser, page)
    assert js(browser, "graphexExplorer.nodeCount") == len(data["nodes"])
    assert js(browser, "graphexExplorer.edgeCount") == len(data["edges"])
    assert js(browser, "graphexExplorer.visible()") == {"nodes": len(data["nodes"]), "edges": len(data["edges"])}
    assert severe(browser) == []
    # The page itself is the only thing loaded.
    assert [u for u in requests(browser) if u != page.as_uri()] == []
    assert page.stat().st_size <= 2_000_000


def test_search_selects_the_entity_and_lists_its_neighbours(browser, pages):
    data = json.loads((pages / "seeds.json").read_text(encoding="utf-8"))
    load(browser, pages / "seeds.html")
    box = browser.find_element(By.ID, "search")
    box.send_keys("Elon Musk", Keys.ENTER)
    assert js(browser, "graphexExplorer.selection()") == {"kind": "node", "id": "person:Elon Musk"}
    assert browser.find_element(By.ID, "selection-title").text == "Elon Musk"
    touching = [e for e in data["edges"] if "person:Elon Musk" in (e["source"], e["target"])]
    items = browser.find_elements(By.CSS_SELECTOR, "#edge-list li")
    assert len(items) == len(touching) > 0
    neighbours = {e["target"] if e["source"] == "person:Elon Musk" else e["source"] for e in touching}
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    listed = {b.text for b in browser.find_elements(By.CSS_SELECTOR, "#edge-list li button:nth-of-type(2)")}
    assert listed == {labels[n] for n in neighbours}
    # The selection is in the URL: the same view opens from it.
    fragment = js(browser, "location.hash")
    assert fragment == "#node=" + "person%3AElon%20Musk"
    load(browser, pages / "seeds.html", fragment)
    assert js(browser, "graphexExplorer.selection()") == {"kind": "node", "id": "person:Elon Musk"}
    assert severe(browser) == []


def test_clicking_a_relation_edge_shows_its_evidence(browser, pages):
    data = json.loads((pages / "seeds.json").read_text(encoding="utf-8"))
    load(browser, pages / "seeds.html")
    relations = [e for e in data["edges"] if e["kind"] == "relation" and e["evidence"]]
    assert relations
    for e in relations:
        point = js(browser, f"graphexExplorer.edgePoint({json.dumps(e['source'])}, {json.dumps(e['target'])}, {json.dumps(e['key'])})")
        actions = ActionChains(browser)
        actions.w3c_actions.pointer_action.move_to_location(int(point[0]), int(point[1]))
        actions.w3c_actions.pointer_action.click()
        actions.perform()
        if js(browser, "graphexExplorer.selection()") == {"kind": "edge", "key": [e["source"], e["target"], e["key"]]}:
            break
    else:
        raise AssertionError("no relation edge could be clicked at its midpoint")
    quotes = browser.find_elements(By.CSS_SELECTOR, "#evidence blockquote")
    assert len(quotes) == len(e["evidence"])
    first = data["sentences"][e["evidence"][0]["sentence_id"]]["text"]
    shown = js(browser, "document.querySelector('#evidence blockquote').firstChild.parentNode.textContent")
    assert shown.startswith(first)
    assert browser.find_elements(By.CSS_SELECTOR, "#evidence mark"), "the two mentions are highlighted"
    assert e["evidence"][0]["doc"] in quotes[0].text
    assert severe(browser) == []


def test_a_type_filter_hides_that_type(browser, pages):
    data = json.loads((pages / "seeds.json").read_text(encoding="utf-8"))
    load(browser, pages / "seeds.html")
    persons = {n["id"] for n in data["nodes"] if n["type"] == "person"}
    assert persons
    types = sorted({n["type"] for n in data["nodes"]})
    browser.find_element(By.ID, f"type-{types.index('person')}").click()
    visible = js(browser, "graphexExplorer.visible()")
    assert visible["nodes"] == len(data["nodes"]) - len(persons)
    kept = [e for e in data["edges"] if e["source"] not in persons and e["target"] not in persons]
    assert visible["edges"] == len(kept)
    browser.find_element(By.ID, "show-cooccurrence").click()
    only_relations = [e for e in kept if e["kind"] == "relation"]
    assert js(browser, "graphexExplorer.visible()")["edges"] == len(only_relations)


def test_a_hostile_name_is_shown_as_text(browser, pages):
    load(browser, pages / "hostile.html")
    try:
        browser.switch_to.alert
        raise AssertionError("a script from the data ran")
    except NoAlertPresentException:
        pass
    assert js(browser, "document.querySelectorAll('img').length") == 0
    assert js(browser, "document.scripts.length") == 2
    box = browser.find_element(By.ID, "search")
    box.send_keys(HOSTILE, Keys.ENTER)
    assert js(browser, "graphexExplorer.selection()") == {"kind": "node", "id": "person:Elon Musk"}
    assert js(browser, "document.getElementById('selection-title').textContent") == HOSTILE
    assert js(browser, "document.querySelectorAll('img').length") == 0
    assert severe(browser) == []


def test_screenshot_of_the_seed_graph(browser, pages):
    """Keeps a picture of the page (the README's is output/explorer.png, taken the same way)."""
    load(browser, pages / "seeds.html", "#node=person%3AElon%20Musk")
    target = REPO / "target" / "explorer.png"
    browser.save_screenshot(str(target))
    assert target.stat().st_size > 10_000
