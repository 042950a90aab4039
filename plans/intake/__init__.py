"""Plan intake: a plan from a spreadsheet template (XLSX or CSV), previewed, then applied.

``template`` names the columns, ``reader`` reads a file into rows, ``rows`` validates them
into items (priority / measure / sub-item by the depth of their number), ``engine`` compares
them with the database (a preview of every row) and applies them in one transaction,
``export`` writes any plan back to the same template, ``names`` maps executor names that
resolve to no agency.
"""
