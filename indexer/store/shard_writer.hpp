#pragma once
// One thread writing one shard. Xapian objects are not thread-safe: once the
// writer has started, its WritableDatabase (and the term generators bound to
// it) are touched by its thread alone. Other threads hand it tasks through a
// bounded queue, so the memory held by documents waiting to be written stays
// flat whatever the input size.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <xapian.h>

namespace newsdex {

// What a task may use: the shard, and term generators set up by the schema
// (terms for documents, spelling for titles' words into this shard).
struct ShardContext {
  explicit ShardContext(Xapian::WritableDatabase database);
  Xapian::WritableDatabase db;
  Xapian::TermGenerator terms;
  Xapian::TermGenerator spelling;
};

class ShardWriter {
 public:
  using Task = std::function<void(ShardContext&)>;

  // Starts the thread; `db` is handed over (the caller must keep no other
  // handle on it). `folder` names the shard in error messages.
  ShardWriter(Xapian::WritableDatabase db, std::string folder, std::size_t capacity);
  // Runs what is queued, then stops. Xapian commits on closing a database;
  // errors there are lost, so callers commit() and wait() first.
  ~ShardWriter();
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;

  // Queues a task, waiting while the queue is full. Throws Error(io) naming
  // the folder when an earlier task failed (that task's and later ones'
  // changes are not made; the shard is left at what it had done).
  void push(Task task);
  // Queues a commit.
  void commit();
  // Waits until every queued task has run. Throws Error(io) as push does.
  void wait();

  const std::string& folder() const { return folder_; }

 private:
  void run(Xapian::WritableDatabase db);
  void throw_if_failed();  // with mutex_ held

  std::string folder_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_, idle_;
  std::deque<Task> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::string failure_;  // the first task's error; later tasks are dropped
  std::thread thread_;
};

}  // namespace newsdex
