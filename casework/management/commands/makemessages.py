"""`makemessages`, also extracting `_l(...)`: the name modules give `gettext_lazy` when
they need both it and `gettext` (imported as `_`)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
