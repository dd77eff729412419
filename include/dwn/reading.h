#pragma once
// Reading a written number: the pieces of a drawing (segmentation.h) grouped into symbols by
// what the network reads most confidently, each digit judged on its own against the trusted
// threshold. A minus sign before the number and a decimal point between digits are read by
// their shape and place; any other mark makes the drawing no number.

#include <cstddef>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "dwn/classifier.h"
#include "dwn/preprocess.h"
#include "dwn/segmentation.h"

namespace dwn {

enum class SymbolKind {
    Digit, // read by the network
    Minus, // a flat dash before the first digit, at the middle of the line
    Point, // a dot between digits, low on the line
    Mark,  // anything else too small for a digit: never accepted
};

struct Symbol {
    SymbolKind kind = SymbolKind::Digit;
    cv::Rect box;       // in the drawing's pixels
    Preprocessed input; // Digit: the 28x28 image the network read
    Verdict verdict;    // Digit: its answer, judged alone (accepted, refusal)
    // Digit: doubted only because its crop looks like two digits run together (the misfit
    // head's answer, Verdict::misfit), though the network trusts its reading.
    bool runTogether = false;
};

struct Reading {
    std::vector<Symbol> symbols; // left to right
    // "-3.5": each digit as the network read it (doubted ones too), '-' and '.', '?' for a mark.
    std::string number;
    bool accepted = false; // every digit accepted, and nothing but a sign and a point besides
    // Why it is not a number, for a person: "a mark that is no digit, minus sign or decimal
    // point", "only a dot or a blot", "the network doubts digit 2 of 4", …; empty when accepted.
    std::string refusal;

    // The symbols that are digits, in order.
    std::vector<const Symbol*> digits() const;
};

// A run of neighbouring pieces that readNumber weighs as one digit.
struct Candidate {
    std::size_t first = 0, last = 0; // its pieces
    cv::Rect box;                    // in the drawing's pixels
    Preprocessed input;              // the 28x28 image the network reads
};

// Every run of neighbouring pieces that readNumber would read as a possible digit: the crops,
// right and wrong, that the network is asked about (for training it on them).
std::vector<Candidate> digitCandidates(const Pieces& pieces);

// Reads the pieces of one drawing with the classifier. Pieces are grouped into symbols by
// dynamic programming over runs of neighbouring pieces: each run that may be one digit is
// preprocessed and classified (all in one batch), and the grouping whose digits are most
// confidently accepted wins.
Reading readNumber(const Classifier& classifier, const Pieces& pieces);

} // namespace dwn
