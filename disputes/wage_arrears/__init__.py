"""欠薪投诉 (`wage_arrears`, docs/domain.md §1): the procedure of labour inspection with a payment
order, recorded payments and a transfer to the police."""
