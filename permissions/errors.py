class OrganisationDataError(ValueError):
    """Reference data (jurisdictions, departments) that cannot be loaded; names the row."""
