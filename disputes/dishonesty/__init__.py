"""拖欠农民工工资失信联合惩戒对象名单: the employer's wage totals across units, the thresholds
and suggestions shown on the case page, and the listing procedure (人社部令第45号) started
from a wage-arrears case whose order to pay went unpaid past its deadline
(docs/dishonesty.md)."""
