"""What other apps' pages show of a room (the public interface, as discussion.pages is): how to join it, and a
poll's results with their charts."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from rooms import selectors
from rooms.models import Room
from summit.charts import bar_chart, word_cloud

BAR_COLOUR = "#0b5c8e"


def join_card(room: Room) -> dict:
    """How to join, for a screen: the address to type, the code and the QR code of /join/<code>/."""
    join_url = settings.SITE_URL + reverse("rooms:join_code", kwargs={"code": room.code})
    return {
        "join_url": join_url,
        "join_page": (settings.SITE_URL + reverse("rooms:join")).removeprefix("https://").removeprefix("http://"),
        "qr": segno.make_qr(join_url, error="m").svg_inline(scale=10, omitsize=True, title=_("Join the room")),
    }


def results_charts(results: dict) -> dict:
    """The results with the charts the templates draw: bars for choices and scales, a cloud for words. Pure: the
    compile freezes the same into an edition."""
    if "bars" in results:
        return {**results, "chart": bar_chart([(bar["label"], bar["count"], BAR_COLOUR) for bar in results["bars"]])}
    if "words" in results:
        return {**results, "cloud": word_cloud(results["words"])}
    return results


def results_context(poll, chart_id: str = "poll") -> dict:
    """A poll's results, with their charts, for the screen and the console."""
    return {"poll": poll, "results": results_charts(selectors.poll_results(poll=poll)), "chart_id": chart_id}
