"""Reading the rows of a file: CSV and TSV in any encoding Excel writes, XLSX, XLS, ODS."""
