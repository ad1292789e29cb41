"""拖欠农民工工资失信联合惩戒对象名单: the employer's wage totals across units, the thresholds
and suggestions shown on the case page, and the listing procedure started from a closed
wage-arrears case (docs/dishonesty.md)."""
