-- Records of one list, in order: the list filter of the records pages.
CREATE INDEX records_list ON records(list, id);
