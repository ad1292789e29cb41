"""就业歧视投诉 (`discrimination`, docs/domain.md §3): the procedure of labour inspection without
payments or a transfer to the police."""
