"""劳动争议调解 (`labour_dispute`, docs/domain.md §2): mediation under 劳动争议调解仲裁法 chapter II."""
