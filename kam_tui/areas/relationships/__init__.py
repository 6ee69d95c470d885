"""The relationship map (三图一网): who decides, their stance and weight, who covers them."""
