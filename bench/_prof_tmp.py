import sys, time, cProfile, pstats
from datetime import date
from bench import throwaway_django
from bench.documents import seed_city, bulletin
from bench.transitions import setup_organisation
with throwaway_django(sys.argv[1] if len(sys.argv)>1 else None) as backend:
    from django.utils import timezone
    from casework.stats.bulletin import last_complete_month
    from casework.stats.report import build_report
    setup_organisation()
    month = last_complete_month(timezone.localdate())
    viewer = seed_city(date.fromisoformat(f"{month}-01"))
    bulletin(viewer, month)
    today = timezone.localdate()
    fn = lambda: build_report(viewer, jurisdiction="city", period=month, today=today, links=False, series=False)
    fn()
    pr=cProfile.Profile(); pr.enable()
    for _ in range(5): fn()
    pr.disable()
    pstats.Stats(pr).sort_stats("tottime").print_stats(25)
