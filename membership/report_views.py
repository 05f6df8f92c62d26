# Placeholder while the pages are being built.
from django.http import Http404


def _missing(request, *args, **kwargs):
    raise Http404


community_list = community_detail = join = change_kind = leave = _missing
register_interest = withdraw_interest = me = _missing
report_index = area_report = area_export = _missing
