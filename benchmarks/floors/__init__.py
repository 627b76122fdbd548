"""The floors: bare Django projects measured in the same run as the product.

Each is one settings module that is also its URLconf (``hello``, ``query``,
``listing``), served by gunicorn through ``benchmarks.floors.wsgi`` like the product.
What the product costs above them is its own doing.
"""
