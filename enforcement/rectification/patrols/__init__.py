"""The fixed-point watch 定点盯守 of a market-rectification case and its patrol visits."""
