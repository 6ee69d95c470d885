"""The relationship map's screens and widgets: org chart, decision map, net, person file."""
