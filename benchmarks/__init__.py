"""The statewide benchmark (issue 15): a data generator, three bare-Django floors, and
`make bench`, which measures the product against the floors in one run.

Outside the product's layers: nothing of the product imports it.
"""
