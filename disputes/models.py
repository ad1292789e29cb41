"""The app's models, each defined in the package of its kind or of the dishonesty list;
Django loads an app's models from this module."""

from .discrimination.models import DiscriminationCase
from .dishonesty.models import DishonestyListing
from .labour_dispute.models import LabourDisputeCase
from .wage_arrears.models import WageArrearsCase

__all__ = ["DiscriminationCase", "DishonestyListing", "LabourDisputeCase", "WageArrearsCase"]
